; Inno Setup 6 script: a per-user installer for the PyInstaller folder in dist\resolution-center.
;
;   python build\bundle.py all
;   iscc build\windows\resolution-center.iss
;
; writes dist\installer\ResolutionCenter-<version>-setup.exe. The version is read from the
; bundled executable's version resource, which build/package_info.py writes from
; resolution_center.__version__ at build time: there is no version number to keep in step here.
; Per user (no administrator rights): specialists install it themselves; the database, settings
; and keyring entries are per user already, so the uninstaller leaves them for a reinstall.

#define AppName "Resolution Center"
#define ExeName "Resolution Center.exe"
#define Here AddBackslash(SourcePath)
#define SourceDir Here + "..\..\dist\resolution-center"
#ifndef AppVersion
  #define AppVersion GetVersionNumbersString(SourceDir + "\" + ExeName)
#endif
#if AppVersion == ""
  #error Build the bundle first (python build\bundle.py): dist\resolution-center has no executable
#endif

[Setup]
; The AppId ties upgrades and the uninstaller together; never change it.
AppId={{6B0E5D0A-3C1F-4E55-9C7B-52D8A1F0C2E4}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Resolution Center
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#Here}..\..\dist\installer
OutputBaseFilename=ResolutionCenter-{#AppVersion}-setup
SetupIconFile={#Here}..\icons\resolution-center.ico
UninstallDisplayIcon={app}\{#ExeName}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
; An upgrade replaces the program folder whole (stale DLLs of an older Qt must not stay).
[InstallDelete]
Type: filesandordirs; Name: "{app}\_internal"

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "german"; MessagesFile: "compiler:Languages\German.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#ExeName}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#ExeName}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#ExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
