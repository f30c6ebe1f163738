<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
<context>
    <name>ActionItemDialog</name>
    <message>
        <source>Action from review #{id}</source>
        <translation>Maßnahme aus Review #{id}</translation>
    </message>
    <message>
        <source>e.g. raise SKU X&apos;s defect rate with seller Y</source>
        <translation>z. B. Defektquote von SKU X mit Verkäufer Y besprechen</translation>
    </message>
    <message>
        <source>&amp;Action:</source>
        <translation>&amp;Maßnahme:</translation>
    </message>
    <message>
        <source>O&amp;wner:</source>
        <translation>&amp;Verantwortlich:</translation>
    </message>
    <message>
        <source>&amp;Due:</source>
        <translation>&amp;Fällig:</translation>
    </message>
    <message>
        <source>&amp;Add action</source>
        <translation>Maßnahme &amp;hinzufügen</translation>
    </message>
</context>
<context>
    <name>Actions</name>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Case</source>
        <translation>&amp;Fall</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Gehe zu</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>E&amp;xtras</translation>
    </message>
    <message>
        <source>&amp;Administration</source>
        <translation>&amp;Administration</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;New case…</source>
        <translation>&amp;Neuer Fall…</translation>
    </message>
    <message>
        <source>&amp;Back up database…</source>
        <translation>Datenbank &amp;sichern…</translation>
    </message>
    <message>
        <source>Write a copy of the whole database to a new file</source>
        <translation>Eine Kopie der ganzen Datenbank in eine neue Datei schreiben</translation>
    </message>
    <message>
        <source>&amp;Restore from backup…</source>
        <translation>Aus Sicherung &amp;wiederherstellen…</translation>
    </message>
    <message>
        <source>Replace this database with a backup whose trail verifies</source>
        <translation>Diese Datenbank durch eine Sicherung ersetzen, deren Prüfpfad sich verifizieren lässt</translation>
    </message>
    <message>
        <source>&amp;Log out</source>
        <translation>&amp;Abmelden</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Change &amp;status…</source>
        <translation>&amp;Status ändern…</translation>
    </message>
    <message>
        <source>&amp;Assign…</source>
        <translation>&amp;Zuweisen…</translation>
    </message>
    <message>
        <source>&amp;Take case (assign to me)</source>
        <translation>Fall ü&amp;bernehmen (mir zuweisen)</translation>
    </message>
    <message>
        <source>Take it myself</source>
        <translation>Selbst übernehmen</translation>
    </message>
    <message>
        <source>&amp;Escalate…</source>
        <translation>&amp;Eskalieren…</translation>
    </message>
    <message>
        <source>&amp;De-escalate…</source>
        <translation>&amp;Deeskalieren…</translation>
    </message>
    <message>
        <source>Hand the case back to the tier below&apos;s queue</source>
        <translation>Den Fall an die Warteschlange der Stufe darunter zurückgeben</translation>
    </message>
    <message>
        <source>Add &amp;note</source>
        <translation>&amp;Notiz hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Message to customer</source>
        <translation>Nachricht an &amp;Kunden</translation>
    </message>
    <message>
        <source>Message &amp;templates…</source>
        <translation>Nachrichten&amp;vorlagen…</translation>
    </message>
    <message>
        <source>Templates of messages to customers (admins edit them)</source>
        <translation>Vorlagen für Nachrichten an Kunden (Administratoren bearbeiten sie)</translation>
    </message>
    <message>
        <source>&amp;Outbox</source>
        <translation>&amp;Postausgang</translation>
    </message>
    <message>
        <source>Mail to customers: queued, failed and delivered</source>
        <translation>Post an Kunden: wartend, fehlgeschlagen und zugestellt</translation>
    </message>
    <message>
        <source>&amp;Mail server…</source>
        <translation>&amp;Mailserver…</translation>
    </message>
    <message>
        <source>Where mail to customers is sent from (admins)</source>
        <translation>Von wo Post an Kunden gesendet wird (Administratoren)</translation>
    </message>
    <message>
        <source>Approved &amp;answers…</source>
        <translation>Freigegebene &amp;Antworten…</translation>
    </message>
    <message>
        <source>The library of approved answers: search, write, approve</source>
        <translation>Die Bibliothek der freigegebenen Antworten: suchen, schreiben, freigeben</translation>
    </message>
    <message>
        <source>&amp;Propose remedy…</source>
        <translation>Abhilfe &amp;vorschlagen…</translation>
    </message>
    <message>
        <source>C&amp;ustomer page…</source>
        <translation>K&amp;undenseite…</translation>
    </message>
    <message>
        <source>The customer&apos;s cases, remedies in the policy window and satisfaction</source>
        <translation>Die Fälle des Kunden, Abhilfen im Zeitraum der Richtlinie und Zufriedenheit</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>Sign-off &amp;queue</source>
        <translation>&amp;Freigabe-Warteschlange</translation>
    </message>
    <message>
        <source>Remedies waiting for sign-off, across cases</source>
        <translation>Abhilfen, die auf Freigabe warten, über alle Fälle</translation>
    </message>
    <message>
        <source>&amp;Next case</source>
        <translation>&amp;Nächster Fall</translation>
    </message>
    <message>
        <source>&amp;Previous case</source>
        <translation>&amp;Vorheriger Fall</translation>
    </message>
    <message>
        <source>&amp;Search cases</source>
        <translation>Fälle &amp;suchen</translation>
    </message>
    <message>
        <source>Case &amp;list</source>
        <translation>Fall&amp;liste</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>&amp;Columns…</source>
        <translation>&amp;Spalten…</translation>
    </message>
    <message>
        <source>&amp;Language…</source>
        <translation>Sp&amp;rache…</translation>
    </message>
    <message>
        <source>The window&apos;s language (from the next login)</source>
        <translation>Die Sprache des Fensters (ab der nächsten Anmeldung)</translation>
    </message>
    <message>
        <source>Escalation &amp;queues…</source>
        <translation>Eskalations-&amp;Warteschlangen…</translation>
    </message>
    <message>
        <source>Who is in each tier&apos;s queue, routing, escalation on breach (admins)</source>
        <translation>Wer in der Warteschlange jeder Stufe ist, Zuteilung, Eskalation bei Fristverletzung (Administratoren)</translation>
    </message>
    <message>
        <source>&amp;SLA calendar…</source>
        <translation>&amp;SLA-Kalender…</translation>
    </message>
    <message>
        <source>Business hours, holidays and SLA targets (admins change them)</source>
        <translation>Geschäftszeiten, Feiertage und SLA-Ziele (Administratoren ändern sie)</translation>
    </message>
    <message>
        <source>&amp;Import cases…</source>
        <translation>Fälle &amp;importieren…</translation>
    </message>
    <message>
        <source>Import another system&apos;s CSV export (admins)</source>
        <translation>Den CSV-Export eines anderen Systems importieren (Administratoren)</translation>
    </message>
    <message>
        <source>&amp;Verify audit chain</source>
        <translation>&amp;Prüfkette verifizieren</translation>
    </message>
    <message>
        <source>&amp;Users…</source>
        <translation>&amp;Benutzer…</translation>
    </message>
    <message>
        <source>Remedy &amp;policy…</source>
        <translation>Abhilfe-&amp;Richtlinie…</translation>
    </message>
    <message>
        <source>&amp;Categories…</source>
        <translation>&amp;Kategorien…</translation>
    </message>
    <message>
        <source>&amp;SLA calendars and targets…</source>
        <translation>&amp;SLA-Kalender und -Ziele…</translation>
    </message>
    <message>
        <source>C&amp;ompany details…</source>
        <translation>Angaben zum &amp;Unternehmen…</translation>
    </message>
    <message>
        <source>Show &amp;log</source>
        <translation>&amp;Protokoll anzeigen</translation>
    </message>
    <message>
        <source>The end of the log file, to attach to a problem report</source>
        <translation>Das Ende der Protokolldatei, zum Anhängen an eine Fehlermeldung</translation>
    </message>
    <message>
        <source>&amp;About Resolution Center</source>
        <translation>Ü&amp;ber Resolution Center</translation>
    </message>
    <message>
        <source>Record satisfaction &amp;score…</source>
        <translation>Zufriedenheits&amp;bewertung erfassen…</translation>
    </message>
    <message>
        <source>The score the customer gave a resolved case, by phone, mail or chat</source>
        <translation>Die Bewertung, die der Kunde einem gelösten Fall gegeben hat, per Telefon, Mail oder Chat</translation>
    </message>
    <message>
        <source>&amp;Fetch mail now</source>
        <translation>&amp;Mail jetzt abrufen</translation>
    </message>
    <message>
        <source>Import new mail from the team&apos;s IMAP folder now</source>
        <translation>Neue Mail jetzt aus dem IMAP-Ordner des Teams importieren</translation>
    </message>
    <message>
        <source>Mail &amp;quarantine</source>
        <translation>Mail-&amp;Quarantäne</translation>
    </message>
    <message>
        <source>Mail that could not be imported, with the reason</source>
        <translation>Mail, die nicht importiert werden konnte, mit dem Grund</translation>
    </message>
    <message>
        <source>Mail &amp;in (IMAP)…</source>
        <translation>Mail-&amp;Eingang (IMAP)…</translation>
    </message>
    <message>
        <source>Where customers&apos; mail is fetched from (admins)</source>
        <translation>Woher die Mail der Kunden abgerufen wird (Administratoren)</translation>
    </message>
    <message>
        <source>Import &amp;mail files…</source>
        <translation>&amp;Mail-Dateien importieren…</translation>
    </message>
    <message>
        <source>Import .eml, .msg and .mbox files: replies join their case, others open one</source>
        <translation>.eml-, .msg- und .mbox-Dateien importieren: Antworten kommen zu ihrem Fall, andere eröffnen einen</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <source>The first administrator</source>
        <translation>Der erste Administrator</translation>
    </message>
    <message>
        <source>Remember the password in the system keyring</source>
        <translation>Passwort im Schlüsselbund des Systems speichern</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>&amp;Repeat password:</source>
        <translation>Passwort &amp;wiederholen:</translation>
    </message>
    <message>
        <source>The database has users already: name a new administrator, or leave the fields empty to keep the ones it has.</source>
        <translation>Die Datenbank hat bereits Benutzer: Nennen Sie einen neuen Administrator, oder lassen Sie die Felder leer, um die vorhandenen zu behalten.</translation>
    </message>
    <message>
        <source>Administrators manage users, the remedy policy, calendars and settings; they hold no money authority.</source>
        <translation>Administratoren verwalten Benutzer, die Abhilfe-Richtlinie, Kalender und Einstellungen; sie haben keine Befugnis über Geldbeträge.</translation>
    </message>
    <message>
        <source>A password needs at least 8 characters.</source>
        <translation>Ein Passwort braucht mindestens 8 Zeichen.</translation>
    </message>
    <message>
        <source>No system keyring is available here, so the password is not remembered: you type it when you log in.</source>
        <translation>Hier ist kein Schlüsselbund des Systems verfügbar, daher wird das Passwort nicht gespeichert: Sie geben es bei der Anmeldung ein.</translation>
    </message>
    <message>
        <source>The two passwords differ: type the same password twice.</source>
        <translation>Die beiden Passwörter unterscheiden sich: Geben Sie zweimal dasselbe Passwort ein.</translation>
    </message>
</context>
<context>
    <name>AdministrationDialog</name>
    <message>
        <source>Administration</source>
        <translation>Administration</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Remedy policy</source>
        <translation>Abhilfe-Richtlinie</translation>
    </message>
    <message>
        <source>Categories</source>
        <translation>Kategorien</translation>
    </message>
    <message>
        <source>SLA calendars and targets</source>
        <translation>SLA-Kalender und -Ziele</translation>
    </message>
    <message>
        <source>Company details</source>
        <translation>Angaben zum Unternehmen</translation>
    </message>
    <message>
        <source>Message templates</source>
        <translation>Nachrichtenvorlagen</translation>
    </message>
</context>
<context>
    <name>AgreementPreview</name>
    <message numerus="yes">
        <source>%n page(s)</source>
        <translation>
            <numerusform>%n Seite</numerusform>
            <numerusform>%n Seiten</numerusform>
        </translation>
    </message>
    <message>
        <source>Page {n} of {total}</source>
        <translation>Seite {n} von {total}</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>&amp;Drucken…</translation>
    </message>
    <message>
        <source>Print {title}</source>
        <translation>{title} drucken</translation>
    </message>
</context>
<context>
    <name>AgreementsTab</name>
    <message>
        <source>Draft</source>
        <translation>Entwurf</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>Ausgestellt</translation>
    </message>
    <message>
        <source>Superseded</source>
        <translation>Ersetzt</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>Ungültig</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>Vereinbarung</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Remedies total</source>
        <translation>Summe der Abhilfen</translation>
    </message>
    <message>
        <source>Offer</source>
        <translation>Angebot</translation>
    </message>
    <message>
        <source>Issued at</source>
        <translation>Ausgestellt am</translation>
    </message>
    <message>
        <source>Agreements of this case</source>
        <translation>Vereinbarungen dieses Falls</translation>
    </message>
    <message>
        <source>Internal record</source>
        <translation>Interne Akte</translation>
    </message>
    <message>
        <source>Customer copy</source>
        <translation>Kundenexemplar</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Exemplar</translation>
    </message>
    <message>
        <source>A4</source>
        <translation>A4</translation>
    </message>
    <message>
        <source>Letter</source>
        <translation>Letter</translation>
    </message>
    <message>
        <source>Paper size</source>
        <translation>Papierformat</translation>
    </message>
    <message>
        <source>C&amp;opy:</source>
        <translation>E&amp;xemplar:</translation>
    </message>
    <message>
        <source>P&amp;aper:</source>
        <translation>P&amp;apier:</translation>
    </message>
    <message>
        <source>Pre&amp;view</source>
        <translation>&amp;Vorschau</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>E&amp;xportieren…</translation>
    </message>
    <message>
        <source>Open in &amp;viewer</source>
        <translation>Im &amp;Betrachter öffnen</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>&amp;Drucken…</translation>
    </message>
    <message>
        <source>&amp;Draft from offer…</source>
        <translation>Aus Angebot &amp;entwerfen…</translation>
    </message>
    <message>
        <source>&amp;Issue…</source>
        <translation>&amp;Ausstellen…</translation>
    </message>
    <message>
        <source>A&amp;greements</source>
        <translation>&amp;Vereinbarungen</translation>
    </message>
    <message>
        <source>Select an agreement in the list first.</source>
        <translation>Wählen Sie zuerst eine Vereinbarung in der Liste aus.</translation>
    </message>
    <message>
        <source>Show its pages</source>
        <translation>Ihre Seiten anzeigen</translation>
    </message>
    <message>
        <source>Save it as a PDF file</source>
        <translation>Als PDF-Datei speichern</translation>
    </message>
    <message>
        <source>Open it in your PDF viewer</source>
        <translation>In Ihrem PDF-Betrachter öffnen</translation>
    </message>
    <message>
        <source>Print it</source>
        <translation>Drucken</translation>
    </message>
    <message>
        <source>Issue this draft</source>
        <translation>Diesen Entwurf ausstellen</translation>
    </message>
    <message>
        <source>Open a case first.</source>
        <translation>Öffnen Sie zuerst einen Fall.</translation>
    </message>
    <message>
        <source>The case has no accepted offer.</source>
        <translation>Der Fall hat kein angenommenes Angebot.</translation>
    </message>
    <message>
        <source>Draft an agreement from the accepted offer</source>
        <translation>Eine Vereinbarung aus dem angenommenen Angebot entwerfen</translation>
    </message>
    <message>
        <source>No agreements yet. Once the customer has accepted an offer, draft one with Draft from offer…, then issue it.</source>
        <translation>Noch keine Vereinbarungen. Sobald der Kunde ein Angebot angenommen hat, entwerfen Sie eine mit „Aus Angebot entwerfen…“ und stellen sie dann aus.</translation>
    </message>
    <message>
        <source>{number} version {version}</source>
        <translation>{number} Version {version}</translation>
    </message>
    <message>
        <source>Nothing was printed: the printer could not start.</source>
        <translation>Nichts wurde gedruckt: Der Drucker konnte nicht starten.</translation>
    </message>
    <message>
        <source>Printed {number} version {version} ({copy} copy).</source>
        <translation>{number} Version {version} gedruckt (Exemplar: {copy}).</translation>
    </message>
    <message>
        <source>Export {number}</source>
        <translation>{number} exportieren</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF-Dateien (*.pdf)</translation>
    </message>
    <message>
        <source>Exported to {path} (SHA-256 {digest}).</source>
        <translation>Exportiert nach {path} (SHA-256 {digest}).</translation>
    </message>
</context>
<context>
    <name>AnswerForm</name>
    <message>
        <source>New answer</source>
        <translation>Neue Antwort</translation>
    </message>
    <message>
        <source>New version of answer {id}</source>
        <translation>Neue Version der Antwort {id}</translation>
    </message>
    <message>
        <source>The text; placeholders such as {{ customer_name }} are filled from the case</source>
        <translation>Der Text; Platzhalter wie {{ customer_name }} werden aus dem Fall gefüllt</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>&amp;Art:</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Titel:</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>&amp;Category:</source>
        <translation>&amp;Kategorie:</translation>
    </message>
    <message>
        <source>Ta&amp;gs:</source>
        <translation>Schlag&amp;wörter:</translation>
    </message>
    <message>
        <source>&amp;Text:</source>
        <translation>&amp;Text:</translation>
    </message>
</context>
<context>
    <name>AnswerOfferDialog</name>
    <message>
        <source>Accept {ref}</source>
        <translation>{ref} annehmen</translation>
    </message>
    <message>
        <source>Decline {ref}</source>
        <translation>{ref} ablehnen</translation>
    </message>
    <message>
        <source>Withdraw {ref}</source>
        <translation>{ref} zurückziehen</translation>
    </message>
    <message>
        <source>Record that a party {ref} is made to ({parties}) accepted it. An accepted offer is what an agreement is drafted from.</source>
        <translation>Festhalten, dass eine Partei, an die {ref} gerichtet ist ({parties}), es angenommen hat. Aus einem angenommenen Angebot wird eine Vereinbarung entworfen.</translation>
    </message>
    <message>
        <source>Record that a party {ref} is made to ({parties}) declined it.</source>
        <translation>Festhalten, dass eine Partei, an die {ref} gerichtet ist ({parties}), es abgelehnt hat.</translation>
    </message>
    <message>
        <source>Record that the {proposer} takes {ref} back.</source>
        <translation>Festhalten, dass {proposer} {ref} zurückzieht.</translation>
    </message>
    <message>
        <source>{ref} offers {offered}.</source>
        <translation>{ref} bietet {offered} an.</translation>
    </message>
    <message>
        <source>Said &amp;by:</source>
        <translation>Erklärt &amp;von:</translation>
    </message>
    <message>
        <source>&amp;How:</source>
        <translation>&amp;Wie:</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>&amp;Notiz:</translation>
    </message>
    <message>
        <source>Record &amp;acceptance</source>
        <translation>&amp;Annahme festhalten</translation>
    </message>
    <message>
        <source>Record &amp;refusal</source>
        <translation>A&amp;blehnung festhalten</translation>
    </message>
    <message>
        <source>&amp;Withdraw offer</source>
        <translation>Angebot &amp;zurückziehen</translation>
    </message>
</context>
<context>
    <name>AnswersLibrary</name>
    <message>
        <source>Reply</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <source>FAQ</source>
        <translation>FAQ</translation>
    </message>
    <message>
        <source>Troubleshooting</source>
        <translation>Fehlerbehebung</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>Richtlinie</translation>
    </message>
    <message>
        <source>Retired</source>
        <translation>Außer Gebrauch</translation>
    </message>
    <message>
        <source>Awaiting approval</source>
        <translation>Wartet auf Freigabe</translation>
    </message>
    <message>
        <source>Approved; v{n} awaits approval</source>
        <translation>Freigegeben; v{n} wartet auf Freigabe</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Freigegeben</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Lang.</source>
        <translation>Spr.</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Uses</source>
        <translation>Verwendet</translation>
    </message>
    <message>
        <source>Approved answers</source>
        <translation>Freigegebene Antworten</translation>
    </message>
    <message>
        <source>Search the approved answers in use…</source>
        <translation>Freigegebene Antworten in Gebrauch durchsuchen…</translation>
    </message>
    <message>
        <source>Show &amp;retired</source>
        <translation>&amp;Außer Gebrauch gestellte zeigen</translation>
    </message>
    <message>
        <source>&amp;New answer…</source>
        <translation>&amp;Neue Antwort…</translation>
    </message>
    <message>
        <source>&amp;Edit (new version)…</source>
        <translation>&amp;Bearbeiten (neue Version)…</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Freigeben</translation>
    </message>
    <message>
        <source>Re&amp;tire</source>
        <translation>Außer &amp;Gebrauch stellen</translation>
    </message>
    <message>
        <source>{n} answers</source>
        <translation>{n} Antworten</translation>
    </message>
    <message>
        <source>{kind} · {state} · used {n} times</source>
        <translation>{kind} · {state} · {n}-mal verwendet</translation>
    </message>
    <message>
        <source>Version {v} by {who}, {when}</source>
        <translation>Version {v} von {who}, {when}</translation>
    </message>
    <message>
        <source>In use: version {v}, approved by {who}</source>
        <translation>In Gebrauch: Version {v}, freigegeben von {who}</translation>
    </message>
    <message>
        <source>Tags: {tags}</source>
        <translation>Schlagwörter: {tags}</translation>
    </message>
</context>
<context>
    <name>AssignDialog</name>
    <message>
        <source>Assign {ref}</source>
        <translation>{ref} zuweisen</translation>
    </message>
    <message>
        <source>Me ({name})</source>
        <translation>Mir ({name})</translation>
    </message>
    <message>
        <source>Nobody (unassign)</source>
        <translation>Niemandem (Zuweisung aufheben)</translation>
    </message>
    <message>
        <source>&amp;Assign to:</source>
        <translation>&amp;Zuweisen an:</translation>
    </message>
    <message>
        <source>Currently assigned to: {who}</source>
        <translation>Derzeit zugewiesen an: {who}</translation>
    </message>
    <message>
        <source>nobody</source>
        <translation>niemanden</translation>
    </message>
</context>
<context>
    <name>AuditTab</name>
    <message>
        <source>Show events of kind</source>
        <translation>Ereignisse dieser Art zeigen</translation>
    </message>
    <message>
        <source>Show events by actor</source>
        <translation>Ereignisse dieses Akteurs zeigen</translation>
    </message>
    <message>
        <source>Audit trail events</source>
        <translation>Ereignisse des Prüfpfads</translation>
    </message>
    <message>
        <source>Event details</source>
        <translation>Details des Ereignisses</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>&amp;Copy value</source>
        <translation>Wert &amp;kopieren</translation>
    </message>
    <message>
        <source>Copy the selected row&apos;s whole value (a shortened hash is copied in full)</source>
        <translation>Den ganzen Wert der gewählten Zeile kopieren (ein gekürzter Hash wird vollständig kopiert)</translation>
    </message>
    <message>
        <source>Show &amp;raw data</source>
        <translation>&amp;Rohdaten zeigen</translation>
    </message>
    <message>
        <source>Event as stored</source>
        <translation>Ereignis wie gespeichert</translation>
    </message>
    <message>
        <source>Select an event to see what it records.</source>
        <translation>Wählen Sie ein Ereignis, um zu sehen, was es festhält.</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>&amp;Art:</translation>
    </message>
    <message>
        <source>Ac&amp;tor:</source>
        <translation>Ak&amp;teur:</translation>
    </message>
    <message>
        <source>Audit &amp;trail</source>
        <translation>&amp;Prüfpfad</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>Alle Arten</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>{shown} of {total} events</source>
        <translation>{shown} von {total} Ereignissen</translation>
    </message>
    <message>
        <source>Event {seq}: {label}</source>
        <translation>Ereignis {seq}: {label}</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>{local} (your time); {utc}</source>
        <translation>{local} (Ihre Zeit); {utc}</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>Akteur</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <source>Hash</source>
        <translation>Hash</translation>
    </message>
    <message>
        <source>Previous hash</source>
        <translation>Vorheriger Hash</translation>
    </message>
    <message>
        <source>Content matches its hash</source>
        <translation>Inhalt stimmt mit seinem Hash überein</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>NO: this event was altered after it was written</source>
        <translation>NEIN: Dieses Ereignis wurde nach dem Schreiben verändert</translation>
    </message>
    <message>
        <source>Show &amp;fields</source>
        <translation>&amp;Felder zeigen</translation>
    </message>
    <message>
        <source>Altered: event(s) {seqs} of this case no longer match their hash</source>
        <translation>Verändert: Ereignis(se) {seqs} dieses Falls stimmen nicht mehr mit ihrem Hash überein</translation>
    </message>
    <message>
        <source>Chain verified · events of this case intact: {count}</source>
        <translation>Kette verifiziert · Ereignisse dieses Falls intakt: {count}</translation>
    </message>
    <message>
        <source>Events matching their hashes: {count}; chain not verified yet</source>
        <translation>Ereignisse, die mit ihrem Hash übereinstimmen: {count}; Kette noch nicht verifiziert</translation>
    </message>
</context>
<context>
    <name>AuditTrailModel</name>
    <message>
        <source>#</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>Akteur</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Event {seq}: {action} ({code})</source>
        <translation>Ereignis {seq}: {action} ({code})</translation>
    </message>
    <message>
        <source>Time: {local} (UTC {utc})</source>
        <translation>Zeit: {local} (UTC {utc})</translation>
    </message>
    <message>
        <source>Actor: {actor} ({role})</source>
        <translation>Akteur: {actor} ({role})</translation>
    </message>
    <message>
        <source>Target: {type} {id}</source>
        <translation>Ziel: {type} {id}</translation>
    </message>
    <message>
        <source>Payload:</source>
        <translation>Nutzdaten:</translation>
    </message>
    <message>
        <source>Hash:          {hash}</source>
        <translation>Hash:             {hash}</translation>
    </message>
    <message>
        <source>Previous hash: {hash}</source>
        <translation>Vorheriger Hash:  {hash}</translation>
    </message>
    <message>
        <source>Content matches its hash: yes</source>
        <translation>Inhalt stimmt mit seinem Hash überein: ja</translation>
    </message>
    <message>
        <source>Content matches its hash: NO, this event was altered after it was written</source>
        <translation>Inhalt stimmt mit seinem Hash überein: NEIN, dieses Ereignis wurde nach dem Schreiben verändert</translation>
    </message>
    <message>
        <source>This event&apos;s content no longer matches its hash</source>
        <translation>Der Inhalt dieses Ereignisses stimmt nicht mehr mit seinem Hash überein</translation>
    </message>
    <message>
        <source>{seq} (altered)</source>
        <translation>{seq} (verändert)</translation>
    </message>
</context>
<context>
    <name>Backup</name>
    <message>
        <source>Back up database</source>
        <translation>Datenbank sichern</translation>
    </message>
    <message>
        <source>The database was restored and its audit trail verified ({events} events).</source>
        <translation>Die Datenbank wurde wiederhergestellt und ihr Prüfpfad verifiziert ({events} Ereignisse).</translation>
    </message>
    <message>
        <source>The database it replaced is kept at {path}.</source>
        <translation>Die ersetzte Datenbank liegt unter {path}.</translation>
    </message>
    <message>
        <source>These users need a new password before they can log in: {users}.</source>
        <translation>Diese Benutzer brauchen ein neues Passwort, bevor sie sich anmelden können: {users}.</translation>
    </message>
    <message>
        <source>Restore from backup</source>
        <translation>Aus Sicherung wiederherstellen</translation>
    </message>
    <message>
        <source>A shared database is restored into a new, empty database by its owner: &apos;resolution-center restore FILE&apos; with the owner&apos;s login, then everyone chooses the new database. The window restores personal (SQLite) databases.</source>
        <translation>Eine gemeinsame Datenbank stellt ihr Eigentümer in eine neue, leere Datenbank wieder her: &apos;resolution-center restore DATEI&apos; mit der Anmeldung des Eigentümers, danach wählen alle die neue Datenbank. Das Fenster stellt persönliche (SQLite-)Datenbanken wieder her.</translation>
    </message>
    <message>
        <source>Save or discard the open case&apos;s edits first.</source>
        <translation>Speichern oder verwerfen Sie zuerst die Änderungen am offenen Fall.</translation>
    </message>
    <message>
        <source>Backups (*.db *.gz);;All files (*)</source>
        <translation>Sicherungen (*.db *.gz);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>{name} is a shared database&apos;s backup. It is restored into a new, empty database by its owner: &apos;resolution-center restore FILE&apos;. This window restores copies of personal (SQLite) databases (.db).</source>
        <translation>{name} ist die Sicherung einer gemeinsamen Datenbank. Ihr Eigentümer stellt sie in eine neue, leere Datenbank wieder her: &apos;resolution-center restore DATEI&apos;. Dieses Fenster stellt Kopien persönlicher (SQLite-)Datenbanken (.db) wieder her.</translation>
    </message>
    <message>
        <source>Replace this database with the backup {name}? A backup whose audit trail does not verify is refused. The database now in use is kept beside it; you are logged out and log in again to the restored database.</source>
        <translation>Diese Datenbank durch die Sicherung {name} ersetzen? Eine Sicherung, deren Prüfpfad sich nicht verifizieren lässt, wird abgelehnt. Die jetzt verwendete Datenbank bleibt daneben erhalten; Sie werden abgemeldet und melden sich an der wiederhergestellten Datenbank neu an.</translation>
    </message>
</context>
<context>
    <name>BackupJob</name>
    <message>
        <source>Writing the backup to {path}…</source>
        <translation>Sicherung wird nach {path} geschrieben…</translation>
    </message>
    <message>
        <source>Back up database</source>
        <translation>Datenbank sichern</translation>
    </message>
    <message>
        <source>Backup written</source>
        <translation>Sicherung geschrieben</translation>
    </message>
    <message>
        <source>The backup is in {path} ({size:.1f} MB, {events} audit events). Keep it where this computer&apos;s failure cannot reach it.</source>
        <translation>Die Sicherung liegt unter {path} ({size:.1f} MB, {events} Prüfereignisse). Bewahren Sie sie dort auf, wo ein Ausfall dieses Computers sie nicht erreicht.</translation>
    </message>
</context>
<context>
    <name>BulkAssignDialog</name>
    <message>
        <source>Assign {n} cases</source>
        <translation>{n} Fälle zuweisen</translation>
    </message>
    <message>
        <source>(unassigned)</source>
        <translation>(nicht zugewiesen)</translation>
    </message>
    <message>
        <source>&amp;Assign to:</source>
        <translation>&amp;Zuweisen an:</translation>
    </message>
    <message>
        <source>Each case is assigned on its own, with its own audit event.</source>
        <translation>Jeder Fall wird einzeln zugewiesen, mit seinem eigenen Prüfereignis.</translation>
    </message>
</context>
<context>
    <name>BulkDialog</name>
    <message>
        <source>{changed} changed, {failed} not changed.</source>
        <translation>{changed} geändert, {failed} nicht geändert.</translation>
    </message>
    <message>
        <source>All {changed} cases changed.</source>
        <translation>Alle {changed} Fälle geändert.</translation>
    </message>
    <message>
        <source>Selected cases</source>
        <translation>Ausgewählte Fälle</translation>
    </message>
</context>
<context>
    <name>BulkStatusDialog</name>
    <message>
        <source>Change status of {n} cases</source>
        <translation>Status von {n} Fällen ändern</translation>
    </message>
    <message>
        <source>One reason for all (required when reopening)</source>
        <translation>Ein Grund für alle (beim Wiedereröffnen erforderlich)</translation>
    </message>
    <message>
        <source>New &amp;status:</source>
        <translation>Neuer &amp;Status:</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Grund:</translation>
    </message>
    <message>
        <source>Each case moves on its own: a case whose status cannot go there is left as it is and named afterwards.</source>
        <translation>Jeder Fall wechselt einzeln: Ein Fall, dessen Status nicht dorthin wechseln kann, bleibt, wie er ist, und wird danach genannt.</translation>
    </message>
</context>
<context>
    <name>CaseHeader</name>
    <message>
        <source>Customer:</source>
        <translation>Kunde:</translation>
    </message>
    <message>
        <source>Order:</source>
        <translation>Bestellung:</translation>
    </message>
    <message>
        <source>Category:</source>
        <translation>Kategorie:</translation>
    </message>
    <message>
        <source>Assignee:</source>
        <translation>Bearbeiter:</translation>
    </message>
    <message>
        <source>Due:</source>
        <translation>Fällig:</translation>
    </message>
    <message>
        <source>Case {reference}</source>
        <translation>Fall {reference}</translation>
    </message>
    <message>
        <source>Priority: {p}</source>
        <translation>Priorität: {p}</translation>
    </message>
    <message>
        <source>Status: {s}</source>
        <translation>Status: {s}</translation>
    </message>
    <message>
        <source>Status: {s}, merged into {ref}</source>
        <translation>Status: {s}, zusammengeführt in {ref}</translation>
    </message>
    <message>
        <source>Tier: {t}</source>
        <translation>Stufe: {t}</translation>
    </message>
    <message>
        <source> · safety hazard</source>
        <translation> · Sicherheitsrisiko</translation>
    </message>
    <message>
        <source>unassigned</source>
        <translation>nicht zugewiesen</translation>
    </message>
    <message>
        <source>SLA {state}: stopped ({status})</source>
        <translation>SLA {state}: angehalten ({status})</translation>
    </message>
    <message>
        <source>first response</source>
        <translation>Erstreaktion</translation>
    </message>
    <message>
        <source>resolution</source>
        <translation>Lösung</translation>
    </message>
    <message>
        <source>SLA {state}: {what} {countdown} (working time)</source>
        <translation>SLA {state}: {what} {countdown} (Arbeitszeit)</translation>
    </message>
    <message>
        <source>first response {first}, resolution {resolution}</source>
        <translation>Erstreaktion {first}, Lösung {resolution}</translation>
    </message>
    <message>
        <source>done {when}</source>
        <translation>erledigt {when}</translation>
    </message>
</context>
<context>
    <name>CaseListView</name>
    <message>
        <source>Cases</source>
        <translation>Fälle</translation>
    </message>
    <message>
        <source>Assign selected…</source>
        <translation>Auswahl zuweisen…</translation>
    </message>
    <message>
        <source>Change their status…</source>
        <translation>Status der Auswahl ändern…</translation>
    </message>
    <message>
        <source>Export to CSV…</source>
        <translation>Als CSV exportieren…</translation>
    </message>
    <message>
        <source>No cases match these filters. Clear the filters or choose a view on the left.</source>
        <translation>Keine Fälle passen zu diesen Filtern. Setzen Sie die Filter zurück oder wählen Sie links eine Ansicht.</translation>
    </message>
    <message>
        <source>more than {count}</source>
        <translation>mehr als {count}</translation>
    </message>
    <message>
        <source>Cases awaiting your sign-off: {count}</source>
        <translation>Fälle, die auf Ihre Freigabe warten: {count}</translation>
    </message>
    <message>
        <source>Cases: {count}</source>
        <translation>Fälle: {count}</translation>
    </message>
    <message numerus="yes">
        <source>%n selected:</source>
        <translation>
            <numerusform>%n ausgewählt:</numerusform>
            <numerusform>%n ausgewählt:</numerusform>
        </translation>
    </message>
    <message>
        <source>Export {n} cases</source>
        <translation>{n} Fälle exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Exported {n} cases to {path} (SHA-256 {digest}).</source>
        <translation>{n} Fälle nach {path} exportiert (SHA-256 {digest}).</translation>
    </message>
    <message>
        <source>Reset columns</source>
        <translation>Spalten zurücksetzen</translation>
    </message>
</context>
<context>
    <name>CaseTableModel</name>
    <message>
        <source>Reference</source>
        <translation>Referenz</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Betreff</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Bestellung</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>Bearbeiter</translation>
    </message>
    <message>
        <source>SLA</source>
        <translation>SLA</translation>
    </message>
    <message>
        <source>Resolution due</source>
        <translation>Lösung fällig</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Angelegt</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>{title}: sorting by this column is not available</source>
        <translation>{title}: Nach dieser Spalte kann nicht sortiert werden</translation>
    </message>
    <message>
        <source>{title}: click to sort</source>
        <translation>{title}: Zum Sortieren klicken</translation>
    </message>
    <message>
        <source>(not available)</source>
        <translation>(nicht verfügbar)</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Nicht zugewiesen</translation>
    </message>
    <message>
        <source>The SLA clock stopped when the case was resolved</source>
        <translation>Die SLA-Uhr wurde angehalten, als der Fall gelöst wurde</translation>
    </message>
    <message>
        <source>The SLA clock is paused while the case waits</source>
        <translation>Die SLA-Uhr ist pausiert, während der Fall wartet</translation>
    </message>
    <message>
        <source>Due {when}</source>
        <translation>Fällig {when}</translation>
    </message>
</context>
<context>
    <name>CaseViewer</name>
    <message>
        <source>Select a case in the list to see it here.</source>
        <translation>Wählen Sie einen Fall in der Liste, um ihn hier zu sehen.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>This case could not be loaded.</source>
        <translation>Dieser Fall konnte nicht geladen werden.</translation>
    </message>
</context>
<context>
    <name>CategoriesPage</name>
    <message>
        <source>Categories come with the program (its taxonomy file): cases, imports and the remedy policy name them, so they change with a release, not here. What you can change per category: its authority limits, in the remedy policy&apos;s overrides (the Remedy policy page), and which queue takes its cases (Tools → Escalation queues…, routing by category).</source>
        <translation>Kategorien kommen mit dem Programm (seiner Taxonomie-Datei): Fälle, Importe und die Abhilfe-Richtlinie nennen sie, daher ändern sie sich mit einer neuen Version, nicht hier. Je Kategorie können Sie ändern: ihre Befugnisgrenzen in den Abweichungen der Abhilfe-Richtlinie (Seite „Abhilfe-Richtlinie“) und welche Warteschlange ihre Fälle bekommt (Extras → Eskalations-Warteschlangen…, Zuteilung nach Kategorie).</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>Slug</source>
        <translation>Kürzel</translation>
    </message>
    <message>
        <source>Priority at least</source>
        <translation>Priorität mindestens</translation>
    </message>
    <message>
        <source>Remedy policy override</source>
        <translation>Abweichung in der Abhilfe-Richtlinie</translation>
    </message>
    <message>
        <source>safety</source>
        <translation>Sicherheit</translation>
    </message>
    <message>
        <source>Resolution codes: {codes}</source>
        <translation>Lösungscodes: {codes}</translation>
    </message>
    <message>
        <source>limits × {percent}%</source>
        <translation>Grenzen × {percent} %</translation>
    </message>
    <message>
        <source>{count} limits replaced</source>
        <translation>{count} Grenzen ersetzt</translation>
    </message>
    <message>
        <source>v{version}: {what}</source>
        <translation>v{version}: {what}</translation>
    </message>
    <message>
        <source>as the base</source>
        <translation>als Basis</translation>
    </message>
</context>
<context>
    <name>ChainState</name>
    <message>
        <source>Verifying audit chain…</source>
        <translation>Prüfkette wird verifiziert…</translation>
    </message>
    <message>
        <source>Audit chain not verified: the check could not run</source>
        <translation>Prüfkette nicht verifiziert: Die Prüfung konnte nicht laufen</translation>
    </message>
    <message>
        <source>Audit chain not verified yet</source>
        <translation>Prüfkette noch nicht verifiziert</translation>
    </message>
    <message>
        <source>Audit chain verified ({count} events)</source>
        <translation>Prüfkette verifiziert ({count} Ereignisse)</translation>
    </message>
    <message>
        <source>Audit chain BROKEN at event {seq}: {what}</source>
        <translation>Prüfkette GEBROCHEN bei Ereignis {seq}: {what}</translation>
    </message>
    <message>
        <source>Audit chain BROKEN: {what}</source>
        <translation>Prüfkette GEBROCHEN: {what}</translation>
    </message>
    <message>
        <source>Verifying chain…</source>
        <translation>Kette wird verifiziert…</translation>
    </message>
    <message>
        <source>Chain not checked</source>
        <translation>Kette nicht geprüft</translation>
    </message>
    <message>
        <source>Chain not verified yet</source>
        <translation>Kette noch nicht verifiziert</translation>
    </message>
    <message>
        <source>Chain verified</source>
        <translation>Kette verifiziert</translation>
    </message>
    <message>
        <source>Chain BROKEN at event {seq}</source>
        <translation>Kette GEBROCHEN bei Ereignis {seq}</translation>
    </message>
    <message>
        <source>Chain BROKEN</source>
        <translation>Kette GEBROCHEN</translation>
    </message>
</context>
<context>
    <name>ChangeStatusDialog</name>
    <message>
        <source>Change status of {ref}</source>
        <translation>Status von {ref} ändern</translation>
    </message>
    <message>
        <source>Why? (required when reopening)</source>
        <translation>Warum? (beim Wiedereröffnen erforderlich)</translation>
    </message>
    <message>
        <source>New &amp;status:</source>
        <translation>Neuer &amp;Status:</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Grund:</translation>
    </message>
    <message>
        <source>Why the case closes with these still open</source>
        <translation>Warum der Fall geschlossen wird, obwohl diese noch offen sind</translation>
    </message>
    <message>
        <source>&amp;Override reason:</source>
        <translation>&amp;Begründung der Übersteuerung:</translation>
    </message>
    <message>
        <source>{ref} is {status}.</source>
        <translation>{ref} ist {status}.</translation>
    </message>
    <message>
        <source>Reopening it needs a reason.</source>
        <translation>Zum Wiedereröffnen ist ein Grund nötig.</translation>
    </message>
    <message>
        <source>Remedies still open: {list}.</source>
        <translation>Noch offene Abhilfen: {list}.</translation>
    </message>
    <message>
        <source>As a supervisor you may close it anyway: give the override reason.</source>
        <translation>Als Teamleiter dürfen Sie den Fall trotzdem schließen: Geben Sie die Begründung an.</translation>
    </message>
    <message>
        <source>Fulfil or withdraw them first; only a supervisor may close the case over them.</source>
        <translation>Erfüllen oder ziehen Sie diese zuerst zurück; nur ein Teamleiter darf den Fall trotz ihnen schließen.</translation>
    </message>
</context>
<context>
    <name>ChoicePage</name>
    <message>
        <source>Where will Resolution Center keep its data?</source>
        <translation>Wo soll Resolution Center seine Daten ablegen?</translation>
    </message>
    <message>
        <source>Choose once; the login&apos;s Change… button switches later. Nothing is written until the last page.</source>
        <translation>Wählen Sie einmal; die Schaltfläche „Ändern…“ der Anmeldung wechselt später. Bis zur letzten Seite wird nichts geschrieben.</translation>
    </message>
    <message>
        <source>&amp;Personal database on this computer (SQLite)</source>
        <translation>&amp;Persönliche Datenbank auf diesem Computer (SQLite)</translation>
    </message>
    <message>
        <source>&amp;Shared database on a PostgreSQL server (a team)</source>
        <translation>&amp;Gemeinsame Datenbank auf einem PostgreSQL-Server (ein Team)</translation>
    </message>
    <message>
        <source>One person on one computer, in a file in your data folder. You become its administrator, or you fill it with demo data to try the app.</source>
        <translation>Eine Person an einem Computer, in einer Datei in Ihrem Datenordner. Sie werden ihr Administrator, oder Sie füllen sie mit Demodaten, um das Programm auszuprobieren.</translation>
    </message>
    <message>
        <source>Specialists and supervisors on several computers, each logging in as their own database role. You need the server&apos;s address and a login that may create roles (used once for the set-up, never stored).</source>
        <translation>Sachbearbeiter und Teamleiter an mehreren Computern, jeder mit seiner eigenen Datenbankrolle angemeldet. Sie brauchen die Adresse des Servers und eine Anmeldung, die Rollen anlegen darf (einmal für die Einrichtung verwendet, nie gespeichert).</translation>
    </message>
</context>
<context>
    <name>CompanyPage</name>
    <message>
        <source>Printed at the top of every agreement and offer. An agreement keeps the details it was drafted with; drafts made after a change print the new ones.</source>
        <translation>Oben auf jeder Vereinbarung und jedem Angebot gedruckt. Eine Vereinbarung behält die Angaben, mit denen sie entworfen wurde; nach einer Änderung entworfene Entwürfe drucken die neuen.</translation>
    </message>
    <message>
        <source>One line each: street, postcode and city, country</source>
        <translation>Je eine Zeile: Straße, Postleitzahl und Ort, Land</translation>
    </message>
    <message>
        <source>e.g. HRB 12345, Amtsgericht Berlin</source>
        <translation>z. B. HRB 12345, Amtsgericht Berlin</translation>
    </message>
    <message>
        <source>e.g. disputes@example.com</source>
        <translation>z. B. reklamationen@example.com</translation>
    </message>
    <message>
        <source>&amp;Save company details</source>
        <translation>Angaben zum Unternehmen &amp;speichern</translation>
    </message>
    <message>
        <source>&amp;Revert</source>
        <translation>&amp;Zurücksetzen</translation>
    </message>
    <message>
        <source>Company &amp;name:</source>
        <translation>&amp;Name des Unternehmens:</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>&amp;Adresse:</translation>
    </message>
    <message>
        <source>&amp;Registration:</source>
        <translation>&amp;Registereintrag:</translation>
    </message>
    <message>
        <source>&amp;Contact e-mail:</source>
        <translation>&amp;Kontakt-E-Mail:</translation>
    </message>
    <message>
        <source>Not set yet: agreements print “Company name not set”</source>
        <translation>Noch nicht festgelegt: Vereinbarungen drucken „Company name not set“</translation>
    </message>
    <message>
        <source>✔ Saved: agreements drafted from now on print these details.</source>
        <translation>✔ Gespeichert: Ab jetzt entworfene Vereinbarungen drucken diese Angaben.</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Someone else changed this case</source>
        <translation>Jemand anderes hat diesen Fall geändert</translation>
    </message>
    <message>
        <source>Changes side by side</source>
        <translation>Änderungen nebeneinander</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <source>Saved by {who}</source>
        <translation>Gespeichert von {who}</translation>
    </message>
    <message>
        <source>You typed (not saved yet)</source>
        <translation>Ihre Eingabe (noch nicht gespeichert)</translation>
    </message>
    <message>
        <source>&amp;Reload and reapply my changes</source>
        <translation>&amp;Neu laden und meine Änderungen erneut anwenden</translation>
    </message>
    <message>
        <source>Load the case as it is saved now and put what you typed back into the form, so you can review it and save again.</source>
        <translation>Den Fall so laden, wie er jetzt gespeichert ist, und Ihre Eingaben wieder ins Formular setzen, damit Sie sie prüfen und erneut speichern können.</translation>
    </message>
    <message>
        <source>&amp;Discard my changes</source>
        <translation>Meine Änderungen &amp;verwerfen</translation>
    </message>
    <message>
        <source>&amp;Keep editing</source>
        <translation>&amp;Weiter bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Reload the case</source>
        <translation>Fall &amp;neu laden</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>someone else</source>
        <translation>jemand anderes</translation>
    </message>
    <message>
        <source>This case changed after you opened it, so your change was not saved. Reload the case and apply your change to what is stored now.

{message}</source>
        <translation>Dieser Fall wurde geändert, nachdem Sie ihn geöffnet haben, daher wurde Ihre Änderung nicht gespeichert. Laden Sie den Fall neu und wenden Sie Ihre Änderung auf den jetzt gespeicherten Stand an.

{message}</translation>
    </message>
    <message>
        <source>{case} was changed by {who} at {when} while you were editing it. Nothing you typed was saved, and nothing is lost: your input is still in the form.</source>
        <translation>{case} wurde von {who} um {when} geändert, während Sie ihn bearbeitet haben. Nichts von Ihrer Eingabe wurde gespeichert, und nichts geht verloren: Ihre Eingabe steht noch im Formular.</translation>
    </message>
    <message>
        <source>Both of you changed: {fields}. Decide which to keep.</source>
        <translation>Sie beide haben geändert: {fields}. Entscheiden Sie, was bleibt.</translation>
    </message>
    <message>
        <source> (changed by both)</source>
        <translation> (von beiden geändert)</translation>
    </message>
    <message>
        <source>(unchanged)</source>
        <translation>(unverändert)</translation>
    </message>
    <message>
        <source>(not edited)</source>
        <translation>(nicht bearbeitet)</translation>
    </message>
</context>
<context>
    <name>ConnectionDialog</name>
    <message>
        <source>The file does not exist yet: it will be created with demo data.</source>
        <translation>Die Datei existiert noch nicht: Sie wird mit Demodaten angelegt.</translation>
    </message>
    <message>
        <source>Connected to {where}: it is a Resolution Center database this version can use.</source>
        <translation>Verbunden mit {where}: Es ist eine Resolution-Center-Datenbank, die diese Version verwenden kann.</translation>
    </message>
    <message>
        <source>Choose database</source>
        <translation>Datenbank wählen</translation>
    </message>
    <message>
        <source>Recent databases</source>
        <translation>Zuletzt verwendete Datenbanken</translation>
    </message>
    <message>
        <source>Recent databases…</source>
        <translation>Zuletzt verwendete Datenbanken…</translation>
    </message>
    <message>
        <source>&amp;Local file (SQLite): just this computer</source>
        <translation>&amp;Lokale Datei (SQLite): nur dieser Computer</translation>
    </message>
    <message>
        <source>S&amp;hared server (PostgreSQL): a team</source>
        <translation>&amp;Gemeinsamer Server (PostgreSQL): ein Team</translation>
    </message>
    <message>
        <source>Database file</source>
        <translation>Datenbankdatei</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;Datei:</translation>
    </message>
    <message>
        <source>Keep the file on a local disk; a file on a network share is refused because SQLite cannot lock it safely. A new file is created with demo data.</source>
        <translation>Legen Sie die Datei auf eine lokale Festplatte; eine Datei auf einer Netzwerkfreigabe wird abgelehnt, weil SQLite sie nicht sicher sperren kann. Eine neue Datei wird mit Demodaten angelegt.</translation>
    </message>
    <message>
        <source>Remember the password in the system keyring</source>
        <translation>Passwort im Schlüsselbund des Systems speichern</translation>
    </message>
    <message>
        <source>H&amp;ost:</source>
        <translation>&amp;Host:</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Port:</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>Daten&amp;bank:</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>&amp;Benutzer:</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>Pass&amp;wort:</translation>
    </message>
    <message>
        <source>The password is stored by your system&apos;s keyring, never in the settings.</source>
        <translation>Das Passwort wird im Schlüsselbund Ihres Systems gespeichert, nie in den Einstellungen.</translation>
    </message>
    <message>
        <source>No system keyring is available here, so the password is not remembered: you will type it when you log in.</source>
        <translation>Hier ist kein Schlüsselbund des Systems verfügbar, daher wird das Passwort nicht gespeichert: Sie geben es bei der Anmeldung ein.</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>Verbindung &amp;testen</translation>
    </message>
    <message>
        <source>&amp;Use this</source>
        <translation>&amp;Diese verwenden</translation>
    </message>
    <message>
        <source>Resolution Center databases (*.db);;All files (*)</source>
        <translation>Resolution-Center-Datenbanken (*.db);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Choose a file for the database.</source>
        <translation>Wählen Sie eine Datei für die Datenbank.</translation>
    </message>
    <message>
        <source>Enter the name of the database on the server.</source>
        <translation>Geben Sie den Namen der Datenbank auf dem Server ein.</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbindung wird hergestellt…</translation>
    </message>
    <message>
        <source>Check the details and test again, or choose another database.</source>
        <translation>Prüfen Sie die Angaben und testen Sie erneut, oder wählen Sie eine andere Datenbank.</translation>
    </message>
    <message>
        <source>The connection test failed unexpectedly: {error}</source>
        <translation>Der Verbindungstest ist unerwartet fehlgeschlagen: {error}</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>Unexpected error</source>
        <translation>Unerwarteter Fehler</translation>
    </message>
    <message>
        <source>Something went wrong inside Resolution Center. This is a bug, not something you did. What you typed is still in the form.

Please copy the details below and send them to your administrator.</source>
        <translation>In Resolution Center ist etwas schiefgegangen. Das ist ein Programmfehler, nicht Ihr Fehler. Ihre Eingabe steht noch im Formular.

Bitte kopieren Sie die Details unten und senden Sie sie an Ihre Administration.</translation>
    </message>
    <message>
        <source>Error details</source>
        <translation>Fehlerdetails</translation>
    </message>
    <message>
        <source>&amp;Copy details</source>
        <translation>Details &amp;kopieren</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
</context>
<context>
    <name>CreateAgreementDialog</name>
    <message>
        <source>Draft an agreement for {ref}</source>
        <translation>Vereinbarung für {ref} entwerfen</translation>
    </message>
    <message>
        <source>The agreement is drafted from an offer the customer accepted; issue it afterwards to make it binding.</source>
        <translation>Die Vereinbarung wird aus einem Angebot entworfen, das der Kunde angenommen hat; stellen Sie sie danach aus, um sie verbindlich zu machen.</translation>
    </message>
    <message>
        <source>{ref} (round {round}, accepted)</source>
        <translation>{ref} (Runde {round}, angenommen)</translation>
    </message>
    <message>
        <source>Accepted &amp;offer:</source>
        <translation>Angenommenes &amp;Angebot:</translation>
    </message>
    <message>
        <source>email</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>Accepted &amp;by (channel):</source>
        <translation>Angenommen &amp;über (Kanal):</translation>
    </message>
    <message>
        <source>The customers&apos; language (message settings)</source>
        <translation>Die Sprache der Kunden (Nachrichteneinstellungen)</translation>
    </message>
    <message>
        <source>&amp;Written in:</source>
        <translation>&amp;Geschrieben in:</translation>
    </message>
    <message>
        <source>&amp;Draft agreement</source>
        <translation>Vereinbarung &amp;entwerfen</translation>
    </message>
</context>
<context>
    <name>CustomerPageDialog</name>
    <message>
        <source>Customer: {name}</source>
        <translation>Kunde: {name}</translation>
    </message>
    <message>
        <source>Repeat claimant</source>
        <translation>Mehrfachreklamierer</translation>
    </message>
    <message>
        <source>Remedies counted under the policy fell on {n} or more of this customer&apos;s cases in the last {days} days.</source>
        <translation>Nach der Richtlinie angerechnete Abhilfen entfielen in den letzten {days} Tagen auf {n} oder mehr Fälle dieses Kunden.</translation>
    </message>
    <message>
        <source>Not a repeat claimant</source>
        <translation>Kein Mehrfachreklamierer</translation>
    </message>
    <message>
        <source>customer since {when}</source>
        <translation>Kunde seit {when}</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Fall</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Bestellung</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>Eröffnet</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>Lösung</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Betreff</translation>
    </message>
    <message>
        <source>merged into {ref}</source>
        <translation>zusammengeführt in {ref}</translation>
    </message>
    <message>
        <source>Cases ({n})</source>
        <translation>Fälle ({n})</translation>
    </message>
    <message>
        <source>Remedy</source>
        <translation>Abhilfe</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>Beantragt</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>What the policy (version {version}) counts toward this customer&apos;s cap: remedies authorized, pending sign-off, approved or fulfilled in the last {days} days. Total: {totals}.</source>
        <translation>Was die Richtlinie (Version {version}) auf die Obergrenze dieses Kunden anrechnet: bewilligte, auf Freigabe wartende, genehmigte oder erfüllte Abhilfen der letzten {days} Tage. Summe: {totals}.</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>nichts</translation>
    </message>
    <message>
        <source>Remedies in the policy window ({days} days)</source>
        <translation>Abhilfen im Zeitraum der Richtlinie ({days} Tage)</translation>
    </message>
    <message>
        <source>{case}: {score} of {scale} ({when})</source>
        <translation>{case}: {score} von {scale} ({when})</translation>
    </message>
    <message>
        <source>No scores yet: no satisfaction survey has been answered.</source>
        <translation>Noch keine Bewertungen: Keine Zufriedenheitsumfrage wurde beantwortet.</translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation>Zufriedenheit</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <source>Period from</source>
        <translation>Zeitraum von</translation>
    </message>
    <message>
        <source>Period to (inclusive)</source>
        <translation>Zeitraum bis (einschließlich)</translation>
    </message>
    <message>
        <source>Figures per</source>
        <translation>Zahlen je</translation>
    </message>
    <message>
        <source>per day</source>
        <translation>je Tag</translation>
    </message>
    <message>
        <source>per week</source>
        <translation>je Woche</translation>
    </message>
    <message>
        <source>per month</source>
        <translation>je Monat</translation>
    </message>
    <message>
        <source>Re&amp;load</source>
        <translation>&amp;Neu laden</translation>
    </message>
    <message>
        <source>Received from</source>
        <translation>Eingegangen von</translation>
    </message>
    <message>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <source>Volume by category, channel and tier</source>
        <translation>Aufkommen nach Kategorie, Kanal und Stufe</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>{count} cases received</source>
        <translation>{count} Fälle eingegangen</translation>
    </message>
    <message>
        <source>{median} median · {p90} p90</source>
        <translation>{median} Median · {p90} P90</translation>
    </message>
    <message>
        <source>{rate}% ({part} of {whole})</source>
        <translation>{rate} % ({part} von {whole})</translation>
    </message>
    <message>
        <source>no scores</source>
        <translation>keine Bewertungen</translation>
    </message>
    <message>
        <source>{mean} of 5 · {rate} answered</source>
        <translation>{mean} von 5 · {rate} beantwortet</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>Fälle</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Remedies</source>
        <translation>Abhilfen</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Gelöst</translation>
    </message>
    <message>
        <source>Time to resolution</source>
        <translation>Zeit bis zur Lösung</translation>
    </message>
    <message>
        <source>SLA first response</source>
        <translation>SLA Erstreaktion</translation>
    </message>
    <message>
        <source>SLA resolution</source>
        <translation>SLA Lösung</translation>
    </message>
    <message>
        <source>(unassigned)</source>
        <translation>(nicht zugewiesen)</translation>
    </message>
</context>
<context>
    <name>DateRange</name>
    <message>
        <source>{title} from: use a start date</source>
        <translation>{title} von: Geben Sie ein Anfangsdatum an</translation>
    </message>
    <message>
        <source>{title} from</source>
        <translation>{title} von</translation>
    </message>
    <message>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <source>{title} to: use an end date</source>
        <translation>{title} bis: Geben Sie ein Enddatum an</translation>
    </message>
    <message>
        <source>{title} to (inclusive)</source>
        <translation>{title} bis (einschließlich)</translation>
    </message>
</context>
<context>
    <name>DeescalateDialog</name>
    <message>
        <source>De-escalate {ref}</source>
        <translation>{ref} deeskalieren</translation>
    </message>
    <message>
        <source>Why can the tier below take it from here?</source>
        <translation>Warum kann die Stufe darunter ab hier übernehmen?</translation>
    </message>
    <message>
        <source>{ref} is already with the frontline, the lowest tier.</source>
        <translation>{ref} liegt bereits bei der Erstbearbeitung, der untersten Stufe.</translation>
    </message>
</context>
<context>
    <name>DemoSetup</name>
    <message>
        <source>Adding the demo users…</source>
        <translation>Demo-Benutzer werden angelegt…</translation>
    </message>
    <message>
        <source>Writing the sample cases and their history…</source>
        <translation>Beispielfälle und ihr Verlauf werden geschrieben…</translation>
    </message>
    <message>
        <source>Saving the history…</source>
        <translation>Verlauf wird gespeichert…</translation>
    </message>
    <message>
        <source>Drafting and issuing the sample agreements…</source>
        <translation>Beispielvereinbarungen werden entworfen und ausgestellt…</translation>
    </message>
    <message>
        <source>Opening the login…</source>
        <translation>Anmeldung wird geöffnet…</translation>
    </message>
    <message>
        <source>Creating a demo database with sample cases…</source>
        <translation>Demodatenbank mit Beispielfällen wird angelegt…</translation>
    </message>
    <message>
        <source>First start</source>
        <translation>Erster Start</translation>
    </message>
</context>
<context>
    <name>DetailsTab</name>
    <message>
        <source>Comma-separated, e.g. vip, repeat-customer</source>
        <translation>Durch Kommas getrennt, z. B. vip, stammkunde</translation>
    </message>
    <message>
        <source>This defect endangers someone (safety case)</source>
        <translation>Dieser Mangel gefährdet jemanden (Sicherheitsfall)</translation>
    </message>
    <message>
        <source>&amp;Save changes</source>
        <translation>Änderungen &amp;speichern</translation>
    </message>
    <message>
        <source>Save the edited fields (Ctrl+S)</source>
        <translation>Die bearbeiteten Felder speichern (Strg+S)</translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation>&amp;Zurücksetzen</translation>
    </message>
    <message>
        <source>Throw away unsaved edits</source>
        <translation>Nicht gespeicherte Änderungen verwerfen</translation>
    </message>
    <message>
        <source>Save case details</source>
        <translation>Falldetails speichern</translation>
    </message>
    <message>
        <source>&amp;Details</source>
        <translation>&amp;Details</translation>
    </message>
    <message>
        <source>{who} changed this case at {when} while you were editing. Your edits are kept; when you save you will see both versions side by side.</source>
        <translation>{who} hat diesen Fall um {when} geändert, während Sie ihn bearbeitet haben. Ihre Änderungen bleiben erhalten; beim Speichern sehen Sie beide Fassungen nebeneinander.</translation>
    </message>
    <message>
        <source>Someone</source>
        <translation>Jemand</translation>
    </message>
    <message>
        <source>Nothing to save: the form shows what is stored.</source>
        <translation>Nichts zu speichern: Das Formular zeigt den gespeicherten Stand.</translation>
    </message>
    <message>
        <source>Your edits are back in the form on top of the latest version, saved by {who} at {when}. Review them and save again.</source>
        <translation>Ihre Änderungen stehen wieder im Formular, auf der neuesten Fassung, gespeichert von {who} um {when}. Prüfen Sie sie und speichern Sie erneut.</translation>
    </message>
    <message>
        <source>someone</source>
        <translation>jemand</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
</context>
<context>
    <name>EmlExport</name>
    <message>
        <source>Export {name}</source>
        <translation>{name} exportieren</translation>
    </message>
    <message>
        <source>E-mail messages (*.eml)</source>
        <translation>E-Mail-Nachrichten (*.eml)</translation>
    </message>
    <message>
        <source>Saved to {path}.</source>
        <translation>Gespeichert unter {path}.</translation>
    </message>
</context>
<context>
    <name>ErrorPresenter</name>
    <message>
        <source>Please check your input</source>
        <translation>Bitte prüfen Sie Ihre Eingabe</translation>
    </message>
    <message>
        <source>Not allowed</source>
        <translation>Nicht erlaubt</translation>
    </message>
    <message>
        <source>Cannot log in</source>
        <translation>Anmeldung nicht möglich</translation>
    </message>
    <message>
        <source>Resolution Center</source>
        <translation>Resolution Center</translation>
    </message>
    <message>
        <source>The database is not available</source>
        <translation>Die Datenbank ist nicht verfügbar</translation>
    </message>
    <message>
        <source>Nothing was changed and your input is kept. Check the connection, then try again.</source>
        <translation>Nichts wurde geändert, und Ihre Eingabe bleibt erhalten. Prüfen Sie die Verbindung und versuchen Sie es dann erneut.</translation>
    </message>
</context>
<context>
    <name>EscalateDialog</name>
    <message>
        <source>Escalate {ref}</source>
        <translation>{ref} eskalieren</translation>
    </message>
    <message>
        <source>What does the next tier need to know?</source>
        <translation>Was muss die nächste Stufe wissen?</translation>
    </message>
    <message>
        <source>{ref} is already with the highest tier.</source>
        <translation>{ref} liegt bereits bei der höchsten Stufe.</translation>
    </message>
</context>
<context>
    <name>EvidenceTab</name>
    <message>
        <source>PNG image</source>
        <translation>PNG-Bild</translation>
    </message>
    <message>
        <source>JPEG image</source>
        <translation>JPEG-Bild</translation>
    </message>
    <message>
        <source>GIF image</source>
        <translation>GIF-Bild</translation>
    </message>
    <message>
        <source>WebP image</source>
        <translation>WebP-Bild</translation>
    </message>
    <message>
        <source>PDF document</source>
        <translation>PDF-Dokument</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>E-mail message</source>
        <translation>E-Mail-Nachricht</translation>
    </message>
    <message>
        <source>Other file</source>
        <translation>Andere Datei</translation>
    </message>
    <message>
        <source>{name} (withdrawn)</source>
        <translation>{name} (zurückgezogen)</translation>
    </message>
    <message>
        <source>Withdrawn by {who}, {when}: {reason}</source>
        <translation>Zurückgezogen von {who}, {when}: {reason}</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Added by</source>
        <translation>Hinzugefügt von</translation>
    </message>
    <message>
        <source>Added at</source>
        <translation>Hinzugefügt am</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>This image cannot be shown.</source>
        <translation>Dieses Bild kann nicht angezeigt werden.</translation>
    </message>
    <message>
        <source>Evidence of this case</source>
        <translation>Nachweise dieses Falls</translation>
    </message>
    <message>
        <source>No evidence yet. Add photos, labels, mails or documents (at most {size}).</source>
        <translation>Noch keine Nachweise. Fügen Sie Fotos, Etiketten, E-Mails oder Dokumente hinzu (höchstens {size}).</translation>
    </message>
    <message>
        <source>Preview of the selected evidence</source>
        <translation>Vorschau des gewählten Nachweises</translation>
    </message>
    <message>
        <source>Description of the file to add</source>
        <translation>Beschreibung der hinzuzufügenden Datei</translation>
    </message>
    <message>
        <source>What the next file shows (optional)</source>
        <translation>Was die nächste Datei zeigt (optional)</translation>
    </message>
    <message>
        <source>D&amp;escription:</source>
        <translation>B&amp;eschreibung:</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>&amp;Hinzufügen…</translation>
    </message>
    <message>
        <source>Add a file as evidence</source>
        <translation>Eine Datei als Nachweis hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Save as…</source>
        <translation>&amp;Speichern unter…</translation>
    </message>
    <message>
        <source>Save the selected evidence as a file</source>
        <translation>Den gewählten Nachweis als Datei speichern</translation>
    </message>
    <message>
        <source>O&amp;pen</source>
        <translation>Ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Open the selected evidence in its viewer</source>
        <translation>Den gewählten Nachweis in seinem Betrachter öffnen</translation>
    </message>
    <message>
        <source>&amp;Withdraw…</source>
        <translation>&amp;Zurückziehen…</translation>
    </message>
    <message>
        <source>Withdraw the selected evidence</source>
        <translation>Den gewählten Nachweis zurückziehen</translation>
    </message>
    <message>
        <source>&amp;Evidence</source>
        <translation>&amp;Nachweise</translation>
    </message>
    <message>
        <source>Only recognised types are opened here; save it and check it first.</source>
        <translation>Hier werden nur bekannte Typen geöffnet; speichern und prüfen Sie die Datei zuerst.</translation>
    </message>
    <message>
        <source>No preview for this type ({type}).</source>
        <translation>Keine Vorschau für diesen Typ ({type}).</translation>
    </message>
    <message>
        <source>Loading preview…</source>
        <translation>Vorschau wird geladen…</translation>
    </message>
    <message>
        <source>Add evidence</source>
        <translation>Nachweis hinzufügen</translation>
    </message>
    <message>
        <source>Evidence (*.png *.jpg *.jpeg *.gif *.webp *.pdf *.txt *.eml)</source>
        <translation>Nachweise (*.png *.jpg *.jpeg *.gif *.webp *.pdf *.txt *.eml)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Adding {name}…</source>
        <translation>{name} wird hinzugefügt…</translation>
    </message>
    <message>
        <source>Added {name} ({type}, {size}).</source>
        <translation>{name} hinzugefügt ({type}, {size}).</translation>
    </message>
    <message>
        <source>Save {name} as</source>
        <translation>{name} speichern unter</translation>
    </message>
    <message>
        <source>Saved to {path}.</source>
        <translation>Gespeichert unter {path}.</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>Search reference, customer, order, subject or text (Ctrl+F)</source>
        <translation>Referenz, Kunde, Bestellung, Betreff oder Text suchen (Strg+F)</translation>
    </message>
    <message>
        <source>Search cases</source>
        <translation>Fälle suchen</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>SLA</source>
        <translation>SLA</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>Bearbeiter</translation>
    </message>
    <message>
        <source>Assignee: anyone</source>
        <translation>Bearbeiter: alle</translation>
    </message>
    <message>
        <source>Assignee: me ({name})</source>
        <translation>Bearbeiter: ich ({name})</translation>
    </message>
    <message>
        <source>Assignee: nobody</source>
        <translation>Bearbeiter: niemand</translation>
    </message>
    <message>
        <source>Assignee: {name}</source>
        <translation>Bearbeiter: {name}</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Angelegt</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>Filter zurücksetzen</translation>
    </message>
    <message>
        <source>Clear all filters</source>
        <translation>Alle Filter zurücksetzen</translation>
    </message>
</context>
<context>
    <name>FindingsTree</name>
    <message>
        <source>Pattern findings</source>
        <translation>Muster-Befunde</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>Befund</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>Fälle</translation>
    </message>
    <message>
        <source>Figures</source>
        <translation>Kennzahlen</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
</context>
<context>
    <name>FinishPage</name>
    <message>
        <source>Setting up</source>
        <translation>Einrichtung</translation>
    </message>
    <message>
        <source>&amp;Try again</source>
        <translation>&amp;Erneut versuchen</translation>
    </message>
    <message>
        <source>Creating or upgrading the database…</source>
        <translation>Datenbank wird angelegt oder aktualisiert…</translation>
    </message>
    <message>
        <source>Adding the demo users…</source>
        <translation>Demo-Benutzer werden angelegt…</translation>
    </message>
    <message>
        <source>Writing the sample cases and their history…</source>
        <translation>Beispielfälle und ihr Verlauf werden geschrieben…</translation>
    </message>
    <message>
        <source>Saving the history…</source>
        <translation>Verlauf wird gespeichert…</translation>
    </message>
    <message>
        <source>Drafting and issuing the sample agreements…</source>
        <translation>Beispielvereinbarungen werden entworfen und ausgestellt…</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>In Arbeit…</translation>
    </message>
    <message>
        <source>The demo database is ready.</source>
        <translation>Die Demodatenbank ist bereit.</translation>
    </message>
    <message>
        <source>The database is set up and {user} is its administrator.</source>
        <translation>Die Datenbank ist eingerichtet und {user} ist ihr Administrator.</translation>
    </message>
    <message>
        <source>The database is up to date; {user} can log in.</source>
        <translation>Die Datenbank ist aktuell; {user} kann sich anmelden.</translation>
    </message>
    <message>
        <source>The database is up to date; log in with one of its users.</source>
        <translation>Die Datenbank ist aktuell; melden Sie sich mit einem ihrer Benutzer an.</translation>
    </message>
    <message>
        <source>Finish opens the login.</source>
        <translation>„Fertigstellen“ öffnet die Anmeldung.</translation>
    </message>
    <message>
        <source>The set-up failed unexpectedly: {error}</source>
        <translation>Die Einrichtung ist unerwartet fehlgeschlagen: {error}</translation>
    </message>
    <message>
        <source>Nothing is lost: go Back to change the details, or try again.</source>
        <translation>Nichts geht verloren: Gehen Sie zurück, um die Angaben zu ändern, oder versuchen Sie es erneut.</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>Set up Resolution Center</source>
        <translation>Resolution Center einrichten</translation>
    </message>
</context>
<context>
    <name>FollowUpTab</name>
    <message>
        <source>Follow-up tasks</source>
        <translation>Wiedervorlagen</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Fällig</translation>
    </message>
    <message>
        <source>For</source>
        <translation>Für</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>Wiedervorlage</translation>
    </message>
    <message>
        <source>No follow-ups on this case. Set one below.</source>
        <translation>Keine Wiedervorlagen zu diesem Fall. Legen Sie unten eine an.</translation>
    </message>
    <message>
        <source>Mark &amp;done</source>
        <translation>Als &amp;erledigt markieren</translation>
    </message>
    <message>
        <source>Ca&amp;ncel follow-up</source>
        <translation>Wiedervorlage &amp;abbrechen</translation>
    </message>
    <message>
        <source>What to follow up, e.g. call the carrier back</source>
        <translation>Was nachzuverfolgen ist, z. B. Spediteur zurückrufen</translation>
    </message>
    <message>
        <source>&amp;Set follow-up</source>
        <translation>Wiedervorlage &amp;anlegen</translation>
    </message>
    <message>
        <source>F&amp;or:</source>
        <translation>F&amp;ür:</translation>
    </message>
    <message>
        <source>D&amp;ue:</source>
        <translation>F&amp;ällig:</translation>
    </message>
    <message>
        <source>No&amp;te:</source>
        <translation>No&amp;tiz:</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Aufgaben</translation>
    </message>
    <message>
        <source>Linked cases</source>
        <translation>Verknüpfte Fälle</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Verknüpfung</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Betreff</translation>
    </message>
    <message>
        <source>Not linked with any other case.</source>
        <translation>Mit keinem anderen Fall verknüpft.</translation>
    </message>
    <message>
        <source>RC-2026-000123</source>
        <translation>RC-2026-000123</translation>
    </message>
    <message>
        <source>Why (required to merge)</source>
        <translation>Warum (zum Zusammenführen erforderlich)</translation>
    </message>
    <message>
        <source>&amp;Link</source>
        <translation>&amp;Verknüpfen</translation>
    </message>
    <message>
        <source>&amp;Merge this case into it</source>
        <translation>Diesen Fall in ihn &amp;zusammenführen</translation>
    </message>
    <message>
        <source>This case closes as a duplicate pointing at the other one; its notes, evidence and trail stay here.</source>
        <translation>Dieser Fall wird als Duplikat geschlossen und verweist auf den anderen; seine Notizen, Nachweise und sein Prüfpfad bleiben hier.</translation>
    </message>
    <message>
        <source>Other &amp;case:</source>
        <translation>Anderer &amp;Fall:</translation>
    </message>
    <message>
        <source>&amp;Why:</source>
        <translation>&amp;Warum:</translation>
    </message>
    <message>
        <source>&amp;Follow-up</source>
        <translation>&amp;Wiedervorlage</translation>
    </message>
    <message>
        <source>Merged into {ref}: this case is closed; work goes on there.</source>
        <translation>Zusammengeführt in {ref}: Dieser Fall ist geschlossen; die Arbeit geht dort weiter.</translation>
    </message>
    <message>
        <source>due</source>
        <translation>fällig</translation>
    </message>
    <message>
        <source>open</source>
        <translation>offen</translation>
    </message>
    <message>
        <source>done</source>
        <translation>erledigt</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
</context>
<context>
    <name>Formatting</name>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is not an amount: use &apos;{decimal}&apos; for decimals; &apos;{group}&apos; only separates thousands (1{group}234{decimal}50)</source>
        <translation>„{text}“ ist kein Betrag: Verwenden Sie „{decimal}“ für Dezimalstellen; „{group}“ trennt nur Tausender (1{group}234{decimal}50)</translation>
    </message>
</context>
<context>
    <name>FulfilRemedyDialog</name>
    <message>
        <source>Mark {ref} fulfilled</source>
        <translation>{ref} als erfüllt markieren</translation>
    </message>
    <message>
        <source>Confirm that {ref} ({kind}, {amount}) was carried out for the customer. This is final.</source>
        <translation>Bestätigen Sie, dass {ref} ({kind}, {amount}) für den Kunden ausgeführt wurde. Dies ist endgültig.</translation>
    </message>
    <message>
        <source>Mark &amp;fulfilled</source>
        <translation>Als &amp;erfüllt markieren</translation>
    </message>
</context>
<context>
    <name>ImapSettingsDialog</name>
    <message>
        <source>Mail in (IMAP)</source>
        <translation>Mail-Eingang (IMAP)</translation>
    </message>
    <message>
        <source>imap.example.com</source>
        <translation>imap.example.com</translation>
    </message>
    <message>
        <source>TLS from the start (usually port 993)</source>
        <translation>TLS von Anfang an (meist Port 993)</translation>
    </message>
    <message>
        <source>STARTTLS (usually port 143)</source>
        <translation>STARTTLS (meist Port 143)</translation>
    </message>
    <message>
        <source>None: only to this machine (127.0.0.1)</source>
        <translation>Keine: nur zu diesem Rechner (127.0.0.1)</translation>
    </message>
    <message>
        <source>Kept in the system keyring; empty: unchanged</source>
        <translation>Im Schlüsselbund des Systems gespeichert; leer: unverändert</translation>
    </message>
    <message>
        <source>Kept in the system keyring, not in the database</source>
        <translation>Im Schlüsselbund des Systems gespeichert, nicht in der Datenbank</translation>
    </message>
    <message>
        <source>Only for a server with its own certificate</source>
        <translation>Nur für einen Server mit eigenem Zertifikat</translation>
    </message>
    <message>
        <source> min</source>
        <translation> Min.</translation>
    </message>
    <message>
        <source>Only on demand</source>
        <translation>Nur auf Abruf</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Server:</translation>
    </message>
    <message>
        <source>&amp;Connection:</source>
        <translation>&amp;Verbindung:</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Port:</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>Pass&amp;wort:</translation>
    </message>
    <message>
        <source>&amp;Folder:</source>
        <translation>&amp;Ordner:</translation>
    </message>
    <message>
        <source>CA &amp;file:</source>
        <translation>CA-&amp;Datei:</translation>
    </message>
    <message>
        <source>Fetch &amp;every:</source>
        <translation>&amp;Abrufen alle:</translation>
    </message>
    <message>
        <source>New mail in this folder is imported: a reply joins the case it names, other mail opens a case for its sender. The folder is only read; nothing is deleted or marked on the server.</source>
        <translation>Neue Mail in diesem Ordner wird importiert: Eine Antwort kommt zu dem Fall, den sie nennt, andere Mail eröffnet einen Fall für ihren Absender. Der Ordner wird nur gelesen; auf dem Server wird nichts gelöscht oder markiert.</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Import cases</source>
        <translation>Fälle importieren</translation>
    </message>
    <message>
        <source>&lt; &amp;Back</source>
        <translation>&lt; &amp;Zurück</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Schließen</translation>
    </message>
    <message>
        <source>Import cases from another system&apos;s CSV export. A mapping says which columns become which case fields; rows already imported (the same source system and id) are reported and not added again.</source>
        <translation>Fälle aus dem CSV-Export eines anderen Systems importieren. Eine Zuordnung legt fest, welche Spalten zu welchen Fallfeldern werden; bereits importierte Zeilen (gleiches Quellsystem und gleiche ID) werden gemeldet und nicht erneut hinzugefügt.</translation>
    </message>
    <message>
        <source>the export (.csv)</source>
        <translation>den Export (.csv)</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>From a mapping file…</source>
        <translation>Aus einer Zuordnungsdatei…</translation>
    </message>
    <message>
        <source>Detect (or as the mapping says)</source>
        <translation>Erkennen (oder laut Zuordnung)</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;Datei:</translation>
    </message>
    <message>
        <source>&amp;Mapping:</source>
        <translation>&amp;Zuordnung:</translation>
    </message>
    <message>
        <source>&amp;Encoding:</source>
        <translation>&amp;Kodierung:</translation>
    </message>
    <message>
        <source>Joined files:</source>
        <translation>Verknüpfte Dateien:</translation>
    </message>
    <message>
        <source>Only an admin may import cases: log in as one.</source>
        <translation>Nur ein Administrator darf Fälle importieren: Melden Sie sich als solcher an.</translation>
    </message>
    <message>
        <source>Export to import</source>
        <translation>Zu importierender Export</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt)</source>
        <translation>CSV-Dateien (*.csv *.txt)</translation>
    </message>
    <message>
        <source>Joined file</source>
        <translation>Verknüpfte Datei</translation>
    </message>
    <message>
        <source>Mapping</source>
        <translation>Zuordnung</translation>
    </message>
    <message>
        <source>Mappings (*.toml)</source>
        <translation>Zuordnungen (*.toml)</translation>
    </message>
    <message>
        <source>File: {name}</source>
        <translation>Datei: {name}</translation>
    </message>
    <message>
        <source>Choose a mapping file.</source>
        <translation>Wählen Sie eine Zuordnungsdatei.</translation>
    </message>
    <message>
        <source>Source system “{system}”, id column {id}{kept}.</source>
        <translation>Quellsystem „{system}“, ID-Spalte {id}{kept}.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>required</source>
        <translation>erforderlich</translation>
    </message>
    <message>
        <source>{name} (several rows per case)</source>
        <translation>{name} (mehrere Zeilen je Fall)</translation>
    </message>
    <message>
        <source>{name}</source>
        <translation>{name}</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Choose the file to import.</source>
        <translation>Wählen Sie die zu importierende Datei.</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <source>Source id</source>
        <translation>Quell-ID</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Betreff</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Eingegangen</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Bestellung</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>; {name}: {rows} rows joined from {file}</source>
        <translation>; {name}: {rows} Zeilen aus {file} verknüpft</translation>
    </message>
    <message>
        <source>{file}: {rows} rows in {encoding}, {selected} to import{joined}. The first rows as they would become cases:</source>
        <translation>{file}: {rows} Zeilen in {encoding}, {selected} zu importieren{joined}. Die ersten Zeilen, wie sie zu Fällen würden:</translation>
    </message>
    <message>
        <source>refused: {why}</source>
        <translation>abgelehnt: {why}</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source> {n} rows left out ({rule}).</source>
        <translation> {n} Zeilen ausgelassen ({rule}).</translation>
    </message>
    <message>
        <source>Dry run, nothing written: {create} to create, {present} already present, {refused} refused.{skipped}</source>
        <translation>Probelauf, nichts geschrieben: {create} anzulegen, {present} bereits vorhanden, {refused} abgelehnt.{skipped}</translation>
    </message>
    <message>
        <source>The table shows {n} of {all} rows, those not to create first.</source>
        <translation>Die Tabelle zeigt {n} von {all} Zeilen, die nicht anzulegenden zuerst.</translation>
    </message>
    <message>
        <source>Nothing to import</source>
        <translation>Nichts zu importieren</translation>
    </message>
    <message>
        <source>C&amp;ancel import</source>
        <translation>Import &amp;abbrechen</translation>
    </message>
    <message>
        <source>Stopping after the batch being written…</source>
        <translation>Wird nach dem gerade geschriebenen Stapel angehalten…</translation>
    </message>
    <message>
        <source>Import stopped: the batches written before Cancel stay.</source>
        <translation>Import angehalten: Die vor dem Abbruch geschriebenen Stapel bleiben.</translation>
    </message>
    <message>
        <source>Import finished in {s:.1f} s.</source>
        <translation>Import in {s:.1f} s abgeschlossen.</translation>
    </message>
    <message>
        <source>Created: {n} cases</source>
        <translation>Angelegt: {n} Fälle</translation>
    </message>
    <message>
        <source>Already present: {n}</source>
        <translation>Bereits vorhanden: {n}</translation>
    </message>
    <message>
        <source>Refused: {n}</source>
        <translation>Abgelehnt: {n}</translation>
    </message>
    <message>
        <source>Run the same import again to add the rest.</source>
        <translation>Führen Sie denselben Import erneut aus, um den Rest hinzuzufügen.</translation>
    </message>
    <message>
        <source>&amp;Done</source>
        <translation>&amp;Fertig</translation>
    </message>
    <message>
        <source>Step 1 of 4: the export and its mapping</source>
        <translation>Schritt 1 von 4: der Export und seine Zuordnung</translation>
    </message>
    <message>
        <source>Step 2 of 4: preview</source>
        <translation>Schritt 2 von 4: Vorschau</translation>
    </message>
    <message>
        <source>Step 3 of 4: dry run</source>
        <translation>Schritt 3 von 4: Probelauf</translation>
    </message>
    <message>
        <source>Step 4 of 4: import</source>
        <translation>Schritt 4 von 4: Import</translation>
    </message>
    <message>
        <source>&amp;Preview &gt;</source>
        <translation>&amp;Vorschau &gt;</translation>
    </message>
    <message>
        <source>&amp;Check all rows &gt;</source>
        <translation>Alle Zeilen &amp;prüfen &gt;</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Importieren</translation>
    </message>
    <message>
        <source>%v of %m rows (%p%)</source>
        <translation>%v von %m Zeilen (%p %)</translation>
    </message>
    <message>
        <source>Checking every row against the cases already here…</source>
        <translation>Jede Zeile wird gegen die vorhandenen Fälle geprüft…</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>Wird importiert…</translation>
    </message>
</context>
<context>
    <name>IssueAgreementDialog</name>
    <message>
        <source>Issue {number}</source>
        <translation>{number} ausstellen</translation>
    </message>
    <message>
        <source>Issue {number} version {version}? Its remedies are frozen and the text can no longer change; a change needs a new version.</source>
        <translation>{number} Version {version} ausstellen? Ihre Abhilfen werden festgeschrieben und der Text kann sich nicht mehr ändern; eine Änderung braucht eine neue Version.</translation>
    </message>
    <message>
        <source>&amp;Issue</source>
        <translation>&amp;Ausstellen</translation>
    </message>
</context>
<context>
    <name>Kpi</name>
    <message>
        <source>Cases received</source>
        <translation>Eingegangene Fälle</translation>
    </message>
    <message>
        <source>Cases received in the period that match the filters.</source>
        <translation>Im Zeitraum eingegangene Fälle, die zu den Filtern passen.</translation>
    </message>
    <message>
        <source>Volume by category</source>
        <translation>Aufkommen nach Kategorie</translation>
    </message>
    <message>
        <source>Cases received in the period, counted by their category.</source>
        <translation>Im Zeitraum eingegangene Fälle, gezählt nach ihrer Kategorie.</translation>
    </message>
    <message>
        <source>Volume by channel</source>
        <translation>Aufkommen nach Kanal</translation>
    </message>
    <message>
        <source>Cases received in the period, counted by the channel they came in through.</source>
        <translation>Im Zeitraum eingegangene Fälle, gezählt nach dem Kanal, über den sie kamen.</translation>
    </message>
    <message>
        <source>Volume by tier</source>
        <translation>Aufkommen nach Stufe</translation>
    </message>
    <message>
        <source>Cases received in the period, counted by the tier that holds them now.</source>
        <translation>Im Zeitraum eingegangene Fälle, gezählt nach der Stufe, die sie jetzt hat.</translation>
    </message>
    <message>
        <source>Volume over time</source>
        <translation>Aufkommen im Zeitverlauf</translation>
    </message>
    <message>
        <source>Cases received in each day, week or month of the period.</source>
        <translation>Eingegangene Fälle je Tag, Woche oder Monat des Zeitraums.</translation>
    </message>
    <message>
        <source>Backlog</source>
        <translation>Rückstand</translation>
    </message>
    <message>
        <source>Cases matching the filters, received at any time, still open at the end of each period.</source>
        <translation>Fälle, die zu den Filtern passen, jederzeit eingegangen und am Ende jedes Zeitraums noch offen.</translation>
    </message>
    <message>
        <source>First-response time</source>
        <translation>Zeit bis zur Erstreaktion</translation>
    </message>
    <message>
        <source>Working time from receipt to the first response, median and 90th percentile (nearest rank), of the received cases answered so far.</source>
        <translation>Arbeitszeit vom Eingang bis zur Erstreaktion, Median und 90. Perzentil (nächster Rang), der bisher beantworteten eingegangenen Fälle.</translation>
    </message>
    <message>
        <source>Time to resolution</source>
        <translation>Zeit bis zur Lösung</translation>
    </message>
    <message>
        <source>Working time from receipt to resolution, median and 90th percentile (nearest rank), of the received cases resolved so far.</source>
        <translation>Arbeitszeit vom Eingang bis zur Lösung, Median und 90. Perzentil (nächster Rang), der bisher gelösten eingegangenen Fälle.</translation>
    </message>
    <message>
        <source>SLA compliance, first response</source>
        <translation>SLA-Einhaltung, Erstreaktion</translation>
    </message>
    <message>
        <source>Of the received cases answered or overdue for an answer, the share answered without a first-response breach.</source>
        <translation>Von den eingegangenen Fällen, die beantwortet oder mit der Antwort überfällig sind, der Anteil ohne verfehlte Erstreaktion.</translation>
    </message>
    <message>
        <source>SLA compliance, resolution</source>
        <translation>SLA-Einhaltung, Lösung</translation>
    </message>
    <message>
        <source>Of the received cases resolved or overdue for resolution, the share resolved without a resolution breach.</source>
        <translation>Von den eingegangenen Fällen, die gelöst oder mit der Lösung überfällig sind, der Anteil ohne verfehlte Lösungsfrist.</translation>
    </message>
    <message>
        <source>Escalation rate</source>
        <translation>Eskalationsquote</translation>
    </message>
    <message>
        <source>Share of the received cases escalated to a higher tier at least once.</source>
        <translation>Anteil der eingegangenen Fälle, die mindestens einmal an eine höhere Stufe eskaliert wurden.</translation>
    </message>
    <message>
        <source>Reopen rate</source>
        <translation>Wiedereröffnungsquote</translation>
    </message>
    <message>
        <source>Share of the received cases that were resolved or closed and later reopened.</source>
        <translation>Anteil der eingegangenen Fälle, die gelöst oder geschlossen und später wieder eröffnet wurden.</translation>
    </message>
    <message>
        <source>Resolved within frontline authority</source>
        <translation>In der Befugnis der Erstbearbeitung gelöst</translation>
    </message>
    <message>
        <source>Of the received cases resolved, the share never escalated and with no remedy that needed a sign-off.</source>
        <translation>Von den gelösten eingegangenen Fällen der Anteil, der nie eskaliert wurde und keine freigabepflichtige Abhilfe hatte.</translation>
    </message>
    <message>
        <source>Remedy cost</source>
        <translation>Kosten der Abhilfen</translation>
    </message>
    <message>
        <source>Approved, authorized and fulfilled remedies of the received cases, summed per kind, category and currency (minor units).</source>
        <translation>Genehmigte, bewilligte und erfüllte Abhilfen der eingegangenen Fälle, summiert je Art, Kategorie und Währung (kleinste Einheiten).</translation>
    </message>
    <message>
        <source>Approval turnaround</source>
        <translation>Dauer bis zur Freigabe</translation>
    </message>
    <message>
        <source>Working time from a remedy&apos;s proposal to its sign-off decision, median and 90th percentile (nearest rank), of remedies that needed a sign-off and got one.</source>
        <translation>Arbeitszeit vom Vorschlag einer Abhilfe bis zur Freigabeentscheidung, Median und 90. Perzentil (nächster Rang), der Abhilfen, die eine Freigabe brauchten und bekamen.</translation>
    </message>
    <message>
        <source>Remedies refused</source>
        <translation>Abgelehnte Abhilfen</translation>
    </message>
    <message>
        <source>Of the remedies that got a sign-off decision, the share rejected.</source>
        <translation>Von den Abhilfen mit Freigabeentscheidung der abgelehnte Anteil.</translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation>Zufriedenheit</translation>
    </message>
    <message>
        <source>Mean score, count per score and response rate (scores per resolved case) of the received cases&apos; satisfaction answers.</source>
        <translation>Mittlere Bewertung, Anzahl je Bewertung und Antwortquote (Bewertungen je gelöstem Fall) der Zufriedenheitsantworten der eingegangenen Fälle.</translation>
    </message>
    <message>
        <source>Per assignee</source>
        <translation>Je Bearbeiter</translation>
    </message>
    <message>
        <source>The received cases by their assignee now: cases, resolved, median time to resolution and SLA compliance (supervisors and admins only).</source>
        <translation>Die eingegangenen Fälle nach ihrem jetzigen Bearbeiter: Fälle, gelöst, Median der Zeit bis zur Lösung und SLA-Einhaltung (nur Teamleiter und Administratoren).</translation>
    </message>
    <message>
        <source>Per tier</source>
        <translation>Je Stufe</translation>
    </message>
    <message>
        <source>The received cases by their tier now: cases, resolved, median time to resolution and SLA compliance (supervisors and admins only).</source>
        <translation>Die eingegangenen Fälle nach ihrer jetzigen Stufe: Fälle, gelöst, Median der Zeit bis zur Lösung und SLA-Einhaltung (nur Teamleiter und Administratoren).</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>New</source>
        <translation>Neu</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Offen</translation>
    </message>
    <message>
        <source>Waiting on customer</source>
        <translation>Wartet auf Kunden</translation>
    </message>
    <message>
        <source>Waiting on third party</source>
        <translation>Wartet auf Dritte</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>Eskaliert</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Gelöst</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Geschlossen</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Niedrig</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Hoch</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Kritisch</translation>
    </message>
    <message>
        <source>Frontline</source>
        <translation>Erstbearbeitung</translation>
    </message>
    <message>
        <source>Senior</source>
        <translation>Fachbearbeitung</translation>
    </message>
    <message>
        <source>Expert</source>
        <translation>Experte</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>Expert</source>
        <comment>tier</comment>
        <translation>Experten</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <source>Social media</source>
        <translation>Soziale Medien</translation>
    </message>
    <message>
        <source>Web form</source>
        <translation>Webformular</translation>
    </message>
    <message>
        <source>Marketplace</source>
        <translation>Marktplatz</translation>
    </message>
    <message>
        <source>On time</source>
        <translation>Im Plan</translation>
    </message>
    <message>
        <source>Due soon</source>
        <translation>Bald fällig</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Überfällig</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Pausiert</translation>
    </message>
    <message>
        <source>Met</source>
        <translation>Eingehalten</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>Verfehlt</translation>
    </message>
    <message>
        <source>Specialist</source>
        <translation>Sachbearbeiter</translation>
    </message>
    <message>
        <source>Senior specialist</source>
        <translation>Senior-Sachbearbeiter</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Teamleiter</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Betreff</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>Subcategory</source>
        <translation>Unterkategorie</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Schlagwörter</translation>
    </message>
    <message>
        <source>Safety hazard</source>
        <translation>Sicherheitsrisiko</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>Bearbeiter</translation>
    </message>
    <message>
        <source>Resolution due</source>
        <translation>Lösung fällig</translation>
    </message>
    <message>
        <source>First response due</source>
        <translation>Erstreaktion fällig</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <source>Case created</source>
        <translation>Fall angelegt</translation>
    </message>
    <message>
        <source>Details edited</source>
        <translation>Details bearbeitet</translation>
    </message>
    <message>
        <source>Status changed</source>
        <translation>Status geändert</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>Zugewiesen</translation>
    </message>
    <message>
        <source>Note added</source>
        <translation>Notiz hinzugefügt</translation>
    </message>
    <message>
        <source>Evidence added</source>
        <translation>Nachweis hinzugefügt</translation>
    </message>
    <message>
        <source>Evidence withdrawn</source>
        <translation>Nachweis zurückgezogen</translation>
    </message>
    <message>
        <source>Customer created</source>
        <translation>Kunde angelegt</translation>
    </message>
    <message>
        <source>User created</source>
        <translation>Benutzer angelegt</translation>
    </message>
    <message>
        <source>User disabled</source>
        <translation>Benutzer deaktiviert</translation>
    </message>
    <message>
        <source>Account locked</source>
        <translation>Konto gesperrt</translation>
    </message>
    <message>
        <source>Failed login</source>
        <translation>Fehlgeschlagene Anmeldung</translation>
    </message>
    <message>
        <source>Login counter reset</source>
        <translation>Anmeldezähler zurückgesetzt</translation>
    </message>
    <message>
        <source>Password changed</source>
        <translation>Passwort geändert</translation>
    </message>
    <message>
        <source>Password hash renewed</source>
        <translation>Passwort-Hash erneuert</translation>
    </message>
    <message>
        <source>Role changed</source>
        <translation>Rolle geändert</translation>
    </message>
    <message>
        <source>Database created</source>
        <translation>Datenbank angelegt</translation>
    </message>
    <message>
        <source>Database migrated</source>
        <translation>Datenbank migriert</translation>
    </message>
    <message>
        <source>Acknowledgement</source>
        <translation>Eingangsbestätigung</translation>
    </message>
    <message>
        <source>Request for information</source>
        <translation>Bitte um Informationen</translation>
    </message>
    <message>
        <source>Status update</source>
        <translation>Sachstandsmeldung</translation>
    </message>
    <message>
        <source>Escalation notice</source>
        <translation>Eskalationshinweis</translation>
    </message>
    <message>
        <source>Remedy decision</source>
        <translation>Entscheidung über die Abhilfe</translation>
    </message>
    <message>
        <source>Agreement sent</source>
        <translation>Vereinbarung versandt</translation>
    </message>
    <message>
        <source>Resolution summary</source>
        <translation>Zusammenfassung der Lösung</translation>
    </message>
    <message>
        <source>Satisfaction survey</source>
        <translation>Zufriedenheitsumfrage</translation>
    </message>
</context>
<context>
    <name>LanguageBox</name>
    <message>
        <source>System language ({language})</source>
        <translation>Systemsprache ({language})</translation>
    </message>
</context>
<context>
    <name>LanguageDialog</name>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>The window changes to the new language when you next log in. Log out now to switch at once; unsaved edits are asked about first.</source>
        <translation>Das Fenster wechselt bei der nächsten Anmeldung in die neue Sprache. Melden Sie sich jetzt ab, um sofort zu wechseln; nach nicht gespeicherten Änderungen wird vorher gefragt.</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>At next &amp;login</source>
        <translation>Bei der nächsten &amp;Anmeldung</translation>
    </message>
    <message>
        <source>Log &amp;out now</source>
        <translation>Jetzt &amp;abmelden</translation>
    </message>
</context>
<context>
    <name>LogDialog</name>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Log file: {path}</source>
        <translation>Protokolldatei: {path}</translation>
    </message>
    <message>
        <source>The end of the log</source>
        <translation>Das Ende des Protokolls</translation>
    </message>
    <message>
        <source>&amp;Open folder</source>
        <translation>&amp;Ordner öffnen</translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation>&amp;Neu laden</translation>
    </message>
    <message>
        <source>Nothing has been logged yet.</source>
        <translation>Noch nichts protokolliert.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Log in – Resolution Center</source>
        <translation>Anmelden – Resolution Center</translation>
    </message>
    <message>
        <source>Resolution Center</source>
        <translation>Resolution Center</translation>
    </message>
    <message>
        <source>C&amp;hange…</source>
        <translation>Ä&amp;ndern…</translation>
    </message>
    <message>
        <source>Change database</source>
        <translation>Datenbank wechseln</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Demo users of this database (published passwords; never use demo data for real work):</source>
        <translation>Demo-Benutzer dieser Datenbank (veröffentlichte Passwörter; Demodaten nie für echte Arbeit verwenden):</translation>
    </message>
    <message>
        <source>&amp;Log in</source>
        <translation>&amp;Anmelden</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>Datenbank:</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>Lan&amp;guage:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>This file does not exist yet: it will be created with demo data.</source>
        <translation>Diese Datei existiert noch nicht: Sie wird mit Demodaten angelegt.</translation>
    </message>
    <message>
        <source>Enter your user name.</source>
        <translation>Geben Sie Ihren Benutzernamen ein.</translation>
    </message>
    <message>
        <source>Creating the demo database…</source>
        <translation>Demodatenbank wird angelegt…</translation>
    </message>
    <message>
        <source>Logging in…</source>
        <translation>Anmeldung läuft…</translation>
    </message>
</context>
<context>
    <name>MailIn</name>
    <message>
        <source>{n} mail(s): {opened} new case(s), {joined} on their case, {dup} already here</source>
        <translation>{n} Mail(s): {opened} neue(r) Fall/Fälle, {joined} zu ihrem Fall, {dup} schon vorhanden</translation>
    </message>
    <message>
        <source>, {held} in quarantine</source>
        <translation>, {held} in Quarantäne</translation>
    </message>
    <message>
        <source>, {n} attachment(s) not kept as evidence</source>
        <translation>, {n} Anhang/Anhänge nicht als Nachweis übernommen</translation>
    </message>
</context>
<context>
    <name>MailQuarantine</name>
    <message>
        <source>Held</source>
        <translation>Zurückgehalten</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>Importiert</translation>
    </message>
    <message>
        <source>Discarded</source>
        <translation>Verworfen</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Sender</source>
        <translation>Absender</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keiner)</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Betreff</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Cases</source>
        <translation>Fälle</translation>
    </message>
    <message>
        <source>Sign-off queue</source>
        <translation>Freigabe-Warteschlange</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation>Postausgang</translation>
    </message>
    <message>
        <source>{name} ({user}) · {role}</source>
        <translation>{name} ({user}) · {role}</translation>
    </message>
    <message>
        <source>Audit chain verification progress</source>
        <translation>Fortschritt der Verifizierung der Prüfkette</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>In Arbeit…</translation>
    </message>
    <message>
        <source>Resolution Center – {user}</source>
        <translation>Resolution Center – {user}</translation>
    </message>
    <message>
        <source>Customer page…</source>
        <translation>Kundenseite…</translation>
    </message>
    <message>
        <source>About Resolution Center</source>
        <translation>Über Resolution Center</translation>
    </message>
    <message>
        <source>Resolution Center {version}
Cases, a tamper-evident audit trail, remedy sign-off and agreements.</source>
        <translation>Resolution Center {version}
Fälle, ein manipulationssicherer Prüfpfad, Freigabe von Abhilfen und Vereinbarungen.</translation>
    </message>
    <message>
        <source>This case is assigned to you already.</source>
        <translation>Dieser Fall ist Ihnen bereits zugewiesen.</translation>
    </message>
    <message>
        <source>Assign this case to yourself ({keys})</source>
        <translation>Diesen Fall sich selbst zuweisen ({keys})</translation>
    </message>
    <message>
        <source>Resolution Center – {user} – {ref}</source>
        <translation>Resolution Center – {user} – {ref}</translation>
    </message>
    <message>
        <source>No case is shown: the list has none. {hint}</source>
        <translation>Kein Fall wird angezeigt: Die Liste ist leer. {hint}</translation>
    </message>
    <message>
        <source>Select a case in the list to see it here. Its header has the actions: change status, assign, escalate, take it yourself.</source>
        <translation>Wählen Sie einen Fall in der Liste, um ihn hier zu sehen. Seine Kopfzeile enthält die Aktionen: Status ändern, zuweisen, eskalieren, selbst übernehmen.</translation>
    </message>
    <message>
        <source>Sign-off queue ({count})</source>
        <translation>Freigabe-Warteschlange ({count})</translation>
    </message>
    <message>
        <source>Outbox ({count} waiting)</source>
        <translation>Postausgang ({count} wartend)</translation>
    </message>
    <message>
        <source>Verifying %v of %m events</source>
        <translation>%v von %m Ereignissen verifiziert</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Nicht gespeicherte Änderungen</translation>
    </message>
    <message>
        <source>This case has edits or a note you have not saved. Close anyway and lose them?</source>
        <translation>Dieser Fall hat Änderungen oder eine Notiz, die Sie nicht gespeichert haben. Trotzdem schließen und sie verlieren?</translation>
    </message>
    <message>
        <source>&amp;Close and discard</source>
        <translation>&amp;Schließen und verwerfen</translation>
    </message>
    <message>
        <source>&amp;Keep working</source>
        <translation>&amp;Weiterarbeiten</translation>
    </message>
    <message>
        <source>Patterns</source>
        <translation>Muster</translation>
    </message>
    <message>
        <source>Reviews</source>
        <translation>Reviews</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>Benachrichtigungen</translation>
    </message>
    <message>
        <source>Notifications ({count})</source>
        <translation>Benachrichtigungen ({count})</translation>
    </message>
    <message>
        <source>Mail quarantine</source>
        <translation>Mail-Quarantäne</translation>
    </message>
    <message>
        <source>Fetching mail failed: {why}</source>
        <translation>Mail-Abruf fehlgeschlagen: {why}</translation>
    </message>
    <message>
        <source>Fetching mail…</source>
        <translation>Mail wird abgerufen…</translation>
    </message>
    <message>
        <source>No new mail.</source>
        <translation>Keine neue Mail.</translation>
    </message>
    <message>
        <source>The cases of {finding}; Clear filters shows every case</source>
        <translation>Die Fälle von {finding}; „Filter zurücksetzen“ zeigt alle Fälle</translation>
    </message>
    <message>
        <source>Import mail files</source>
        <translation>Mail-Dateien importieren</translation>
    </message>
    <message>
        <source>Mail (*.eml *.msg *.mbox *.mbx)</source>
        <translation>Mail (*.eml *.msg *.mbox *.mbx)</translation>
    </message>
</context>
<context>
    <name>MessageEditor</name>
    <message>
        <source>Message to {name} ({ref})</source>
        <translation>Nachricht an {name} ({ref})</translation>
    </message>
    <message>
        <source>(no template)</source>
        <translation>(keine Vorlage)</translation>
    </message>
    <message>
        <source>&amp;Use template</source>
        <translation>Vorlage &amp;verwenden</translation>
    </message>
    <message>
        <source>Search approved answers…</source>
        <translation>Freigegebene Antworten suchen…</translation>
    </message>
    <message>
        <source>&amp;Insert answer</source>
        <translation>Antwort &amp;einfügen</translation>
    </message>
    <message>
        <source>Save &amp;draft</source>
        <translation>&amp;Entwurf speichern</translation>
    </message>
    <message>
        <source>&amp;Send (record on the case)</source>
        <translation>&amp;Senden (im Fall festhalten)</translation>
    </message>
    <message>
        <source>&amp;Template:</source>
        <translation>&amp;Vorlage:</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>S&amp;ubject:</source>
        <translation>&amp;Betreff:</translation>
    </message>
    <message>
        <source>&amp;Body:</source>
        <translation>&amp;Text:</translation>
    </message>
    <message>
        <source>Approved answers</source>
        <translation>Freigegebene Antworten</translation>
    </message>
    <message>
        <source>Preview: what the customer reads</source>
        <translation>Vorschau: was der Kunde liest</translation>
    </message>
    <message>
        <source>Your text is kept: “Use template” replaces it.</source>
        <translation>Ihr Text bleibt erhalten: „Vorlage verwenden“ ersetzt ihn.</translation>
    </message>
    <message>
        <source>No {lang} version of this template: filled in {used}.</source>
        <translation>Keine Fassung dieser Vorlage in {lang}: in {used} ausgefüllt.</translation>
    </message>
    <message>
        <source>{n} found ({ms:.0f} ms)</source>
        <translation>{n} gefunden ({ms:.0f} ms)</translation>
    </message>
    <message>
        <source>None in {lang}; {n} in other languages</source>
        <translation>Keine in {lang}; {n} in anderen Sprachen</translation>
    </message>
    <message>
        <source>To: {to}
Subject: {subject}

{body}</source>
        <translation>An: {to}
Betreff: {subject}

{body}</translation>
    </message>
</context>
<context>
    <name>MessagesTab</name>
    <message>
        <source>Draft</source>
        <translation>Entwurf</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Gesendet</translation>
    </message>
    <message>
        <source>Discarded</source>
        <translation>Verworfen</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Betreff</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>Vorlage</translation>
    </message>
    <message>
        <source>(written)</source>
        <translation>(selbst geschrieben)</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Messages to the customer</source>
        <translation>Nachrichten an den Kunden</translation>
    </message>
    <message>
        <source>No messages yet. “New message” writes one from a template or an answer.</source>
        <translation>Noch keine Nachrichten. „Neue Nachricht“ schreibt eine aus einer Vorlage oder einer Antwort.</translation>
    </message>
    <message>
        <source>&amp;New message…</source>
        <translation>&amp;Neue Nachricht…</translation>
    </message>
    <message>
        <source>&amp;Edit draft…</source>
        <translation>Entwurf &amp;bearbeiten…</translation>
    </message>
    <message>
        <source>&amp;Send draft</source>
        <translation>Entwurf &amp;senden</translation>
    </message>
    <message>
        <source>&amp;Discard draft</source>
        <translation>Entwurf &amp;verwerfen</translation>
    </message>
    <message>
        <source>E&amp;xport .eml…</source>
        <translation>.eml e&amp;xportieren…</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <source>Subject: {s}</source>
        <translation>Betreff: {s}</translation>
    </message>
    <message>
        <source>From template {t}</source>
        <translation>Aus Vorlage {t}</translation>
    </message>
    <message>
        <source>Approved answers used: {n}</source>
        <translation>Verwendete freigegebene Antworten: {n}</translation>
    </message>
    <message>
        <source>Sent by {who}, {when}</source>
        <translation>Gesendet von {who}, {when}</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Empfangen</translation>
    </message>
    <message>
        <source>From customer</source>
        <translation>Vom Kunden</translation>
    </message>
    <message>
        <source>To customer</source>
        <translation>An den Kunden</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Richtung</translation>
    </message>
    <message>
        <source>From {sender}, {when}; imported by {who}</source>
        <translation>Von {sender}, {when}; importiert von {who}</translation>
    </message>
    <message>
        <source>(no sender)</source>
        <translation>(kein Absender)</translation>
    </message>
    <message>
        <source>Mail delivered {when}</source>
        <translation>E-Mail zugestellt {when}</translation>
    </message>
    <message>
        <source>Mail not delivered: {answer} (retry it in the Outbox)</source>
        <translation>E-Mail nicht zugestellt: {answer} (im Postausgang erneut versuchen)</translation>
    </message>
    <message>
        <source>Mail waiting, next try {when}: {answer}</source>
        <translation>E-Mail wartet, nächster Versuch {when}: {answer}</translation>
    </message>
    <message>
        <source>Mail waiting in the Outbox</source>
        <translation>E-Mail wartet im Postausgang</translation>
    </message>
</context>
<context>
    <name>MultiSelectButton</name>
    <message>
        <source>Any</source>
        <translation>Beliebig</translation>
    </message>
    <message>
        <source>any</source>
        <translation>beliebig</translation>
    </message>
    <message>
        <source>{count} selected</source>
        <translation>{count} ausgewählt</translation>
    </message>
</context>
<context>
    <name>NegotiationTab</name>
    <message>
        <source>, by {channel}</source>
        <translation>, über {channel}</translation>
    </message>
    <message>
        <source>{verb} by {party}{how} on {when}</source>
        <translation>{verb} von {party}{how} am {when}</translation>
    </message>
    <message>
        <source> (recorded by {user})</source>
        <translation> (festgehalten von {user})</translation>
    </message>
    <message>
        <source>Round {round} · {ref} · {state}</source>
        <translation>Runde {round} · {ref} · {state}</translation>
    </message>
    <message>
        <source>{by} offers {to}:</source>
        <translation>{by} bietet {to} an:</translation>
    </message>
    <message>
        <source>Countering {parent}, {by} offers {to}:</source>
        <translation>Als Gegenangebot zu {parent} bietet {by} {to} an:</translation>
    </message>
    <message>
        <source>{party} by {day}: {text}</source>
        <translation>{party} bis {day}: {text}</translation>
    </message>
    <message>
        <source>Return: {text}</source>
        <translation>Rücksendung: {text}</translation>
    </message>
    <message>
        <source>{party} by {day}</source>
        <translation>{party} bis {day}</translation>
    </message>
    <message>
        <source>Replies due: {due}</source>
        <translation>Antworten fällig: {due}</translation>
    </message>
    <message>
        <source>Recorded by {user} on {when}</source>
        <translation>Festgehalten von {user} am {when}</translation>
    </message>
    <message>
        <source>Ne&amp;w offer…</source>
        <translation>&amp;Neues Angebot…</translation>
    </message>
    <message>
        <source>&amp;Counter…</source>
        <translation>&amp;Gegenangebot…</translation>
    </message>
    <message>
        <source>&amp;Accept…</source>
        <translation>&amp;Annehmen…</translation>
    </message>
    <message>
        <source>Dec&amp;line…</source>
        <translation>A&amp;blehnen…</translation>
    </message>
    <message>
        <source>&amp;Withdraw…</source>
        <translation>&amp;Zurückziehen…</translation>
    </message>
    <message>
        <source>Draft agree&amp;ment</source>
        <translation>Vereinbarung &amp;entwerfen</translation>
    </message>
    <message>
        <source>Offer rounds</source>
        <translation>Angebotsrunden</translation>
    </message>
    <message>
        <source>Negot&amp;iation</source>
        <translation>&amp;Verhandlung</translation>
    </message>
    <message>
        <source>No offers yet. Record what one party proposes with New offer…; the other parties&apos; answers and counter-offers follow here, round by round.</source>
        <translation>Noch keine Angebote. Halten Sie mit „Neues Angebot…“ fest, was eine Partei vorschlägt; die Antworten und Gegenangebote der anderen Parteien folgen hier, Runde für Runde.</translation>
    </message>
    <message>
        <source>{ref} (round {round}) is open: {by} awaits an answer from {to}.</source>
        <translation>{ref} (Runde {round}) ist offen: {by} erwartet eine Antwort von {to}.</translation>
    </message>
    <message>
        <source>{ref} (round {round}) is {state}; no offer is open.</source>
        <translation>{ref} (Runde {round}) ist {state}; kein Angebot ist offen.</translation>
    </message>
    <message>
        <source>No offer is open.</source>
        <translation>Kein Angebot ist offen.</translation>
    </message>
    <message>
        <source>Record a counter-offer</source>
        <translation>Ein Gegenangebot festhalten</translation>
    </message>
    <message>
        <source>Record that a party accepted it</source>
        <translation>Festhalten, dass eine Partei es angenommen hat</translation>
    </message>
    <message>
        <source>Record that a party declined it</source>
        <translation>Festhalten, dass eine Partei es abgelehnt hat</translation>
    </message>
    <message>
        <source>Take the offer back</source>
        <translation>Das Angebot zurückziehen</translation>
    </message>
    <message>
        <source>Record what one party proposes</source>
        <translation>Festhalten, was eine Partei vorschlägt</translation>
    </message>
    <message>
        <source>Draft the agreement from {ref}</source>
        <translation>Die Vereinbarung aus {ref} entwerfen</translation>
    </message>
    <message>
        <source>No offer has been accepted.</source>
        <translation>Kein Angebot wurde angenommen.</translation>
    </message>
    <message>
        <source>Its reply date has passed for every party: record a new offer.</source>
        <translation>Seine Antwortfrist ist für alle Parteien abgelaufen: Halten Sie ein neues Angebot fest.</translation>
    </message>
    <message>
        <source>Nobody may do that with {ref} now.</source>
        <translation>Niemand darf das jetzt mit {ref} tun.</translation>
    </message>
    <message>
        <source>Recorded: {ref} is {state}.</source>
        <translation>Festgehalten: {ref} ist {state}.</translation>
    </message>
    <message>
        <source>Drafted {number} version {version} from the accepted offer: issue it on the Agreements tab.</source>
        <translation>{number} Version {version} aus dem angenommenen Angebot entworfen: Stellen Sie sie im Reiter „Vereinbarungen“ aus.</translation>
    </message>
</context>
<context>
    <name>NewCaseDialog</name>
    <message>
        <source>New case</source>
        <translation>Neuer Fall</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;E-mail:</source>
        <translation>&amp;E-Mail:</translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation>&amp;Telefon:</translation>
    </message>
    <message>
        <source>e.g. {example}</source>
        <translation>z. B. {example}</translation>
    </message>
    <message>
        <source>0 if free</source>
        <translation>0 wenn kostenlos</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produkt</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>Artikelnr.</translation>
    </message>
    <message>
        <source>Seller</source>
        <translation>Verkäufer</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>Menge</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>Einzelpreis</translation>
    </message>
    <message>
        <source>Add &amp;item</source>
        <translation>Position &amp;hinzufügen</translation>
    </message>
    <message>
        <source>Remo&amp;ve item</source>
        <translation>Position &amp;entfernen</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Bestellung</translation>
    </message>
    <message>
        <source>Order &amp;number:</source>
        <translation>Bestell&amp;nummer:</translation>
    </message>
    <message>
        <source>C&amp;urrency:</source>
        <translation>&amp;Währung:</translation>
    </message>
    <message>
        <source>Placed &amp;on:</source>
        <translation>Bestellt &amp;am:</translation>
    </message>
    <message>
        <source>Order &amp;total:</source>
        <translation>Bestell&amp;summe:</translation>
    </message>
    <message>
        <source>S&amp;hipping:</source>
        <translation>&amp;Versand:</translation>
    </message>
    <message>
        <source>Ite&amp;ms ordered</source>
        <translation>Bestellte &amp;Positionen</translation>
    </message>
    <message>
        <source>Order items</source>
        <translation>Bestellpositionen</translation>
    </message>
    <message>
        <source>Choose a category</source>
        <translation>Kategorie wählen</translation>
    </message>
    <message>
        <source>This defect endangers someone</source>
        <translation>Dieser Mangel gefährdet jemanden</translation>
    </message>
    <message>
        <source>Comma-separated</source>
        <translation>Durch Kommas getrennt</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Fall</translation>
    </message>
    <message>
        <source>&amp;Category:</source>
        <translation>&amp;Kategorie:</translation>
    </message>
    <message>
        <source>Su&amp;bcategory:</source>
        <translation>&amp;Unterkategorie:</translation>
    </message>
    <message>
        <source>Safety:</source>
        <translation>Sicherheit:</translation>
    </message>
    <message>
        <source>Chann&amp;el:</source>
        <translation>&amp;Kanal:</translation>
    </message>
    <message>
        <source>P&amp;riority:</source>
        <translation>P&amp;riorität:</translation>
    </message>
    <message>
        <source>&amp;Subject:</source>
        <translation>&amp;Betreff:</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>Besch&amp;reibung:</translation>
    </message>
    <message>
        <source>T&amp;ags:</source>
        <translation>Schlag&amp;wörter:</translation>
    </message>
    <message>
        <source>Amounts use your locale&apos;s separators ({example}).</source>
        <translation>Beträge verwenden die Trennzeichen Ihres Gebietsschemas ({example}).</translation>
    </message>
    <message>
        <source>&amp;Create case</source>
        <translation>Fall &amp;anlegen</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>Likely duplicate: this customer already has {refs} about order {order}, opened in the last {days} days. Check it before creating another.</source>
        <translation>Mögliches Duplikat: Dieser Kunde hat bereits {refs} zur Bestellung {order}, eröffnet in den letzten {days} Tagen. Prüfen Sie das, bevor Sie einen weiteren anlegen.</translation>
    </message>
    <message>
        <source>&amp;Create anyway</source>
        <translation>&amp;Trotzdem anlegen</translation>
    </message>
    <message>
        <source>item {n}: quantity &quot;{q}&quot; is not a whole number</source>
        <translation>Position {n}: Menge „{q}“ ist keine ganze Zahl</translation>
    </message>
    <message>
        <source>Choose the case&apos;s category.</source>
        <translation>Wählen Sie die Kategorie des Falls.</translation>
    </message>
</context>
<context>
    <name>NoteDialog</name>
    <message>
        <source>Note on review #{id}</source>
        <translation>Notiz zu Review #{id}</translation>
    </message>
    <message>
        <source>The review as a whole</source>
        <translation>Das Review insgesamt</translation>
    </message>
    <message>
        <source>&amp;Finding:</source>
        <translation>&amp;Befund:</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>&amp;Notiz:</translation>
    </message>
    <message>
        <source>&amp;Add note</source>
        <translation>Notiz &amp;hinzufügen</translation>
    </message>
</context>
<context>
    <name>NotesModel</name>
    <message>
        <source>Internal note</source>
        <translation>Interne Notiz</translation>
    </message>
    <message>
        <source>Message to customer</source>
        <translation>Nachricht an Kunden</translation>
    </message>
    <message>
        <source>{kind} by {author}, {when}</source>
        <translation>{kind} von {author}, {when}</translation>
    </message>
</context>
<context>
    <name>NotesTab</name>
    <message>
        <source>Notes and messages</source>
        <translation>Notizen und Nachrichten</translation>
    </message>
    <message>
        <source>No notes yet.</source>
        <translation>Noch keine Notizen.</translation>
    </message>
    <message>
        <source>New note</source>
        <translation>Neue Notiz</translation>
    </message>
    <message>
        <source>Write a note… (Ctrl+Enter adds it)</source>
        <translation>Notiz schreiben… (Strg+Eingabe fügt sie hinzu)</translation>
    </message>
    <message>
        <source>&amp;Internal note</source>
        <translation>&amp;Interne Notiz</translation>
    </message>
    <message>
        <source>&amp;Message to customer</source>
        <translation>Nachricht an &amp;Kunden</translation>
    </message>
    <message>
        <source>Recorded as sent to the customer; the first one stops the first-response clock.</source>
        <translation>Als an den Kunden gesendet festgehalten; die erste stoppt die Uhr der Erstreaktion.</translation>
    </message>
    <message>
        <source>&amp;Add note</source>
        <translation>Notiz &amp;hinzufügen</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>Notiz hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Notes &amp;&amp; messages</source>
        <translation>&amp;Notizen &amp;&amp; Nachrichten</translation>
    </message>
</context>
<context>
    <name>NotificationCenter</name>
    <message>
        <source>Notifications</source>
        <translation>Benachrichtigungen</translation>
    </message>
    <message>
        <source>Your notifications (Ctrl+Shift+B)</source>
        <translation>Ihre Benachrichtigungen (Strg+Umschalt+B)</translation>
    </message>
    <message>
        <source>Notifications ({count})</source>
        <translation>Benachrichtigungen ({count})</translation>
    </message>
    <message>
        <source>Resolution Center</source>
        <translation>Resolution Center</translation>
    </message>
    <message numerus="yes">
        <source>Resolution Center: %n unread</source>
        <translation>
            <numerusform>Resolution Center: %n ungelesen</numerusform>
            <numerusform>Resolution Center: %n ungelesen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>und %n weitere</numerusform>
            <numerusform>und %n weitere</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new notification(s)</source>
        <translation>
            <numerusform>%n neue Benachrichtigung</numerusform>
            <numerusform>%n neue Benachrichtigungen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Notifications</name>
    <message>
        <source>SLA breached</source>
        <translation>SLA verletzt</translation>
    </message>
    <message>
        <source>SLA warning</source>
        <translation>SLA-Warnung</translation>
    </message>
    <message>
        <source>Sign-off requested</source>
        <translation>Freigabe angefragt</translation>
    </message>
    <message>
        <source>Assigned to you</source>
        <translation>Ihnen zugewiesen</translation>
    </message>
    <message>
        <source>Escalated to your queue</source>
        <translation>In Ihre Warteschlange eskaliert</translation>
    </message>
    <message>
        <source>Customer replied</source>
        <translation>Kunde hat geantwortet</translation>
    </message>
    <message>
        <source>Follow-up for you</source>
        <translation>Wiedervorlage für Sie</translation>
    </message>
    <message>
        <source>{kind}: {case} (by {who})</source>
        <translation>{kind}: {case} (von {who})</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Was</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Fall</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
</context>
<context>
    <name>NotificationsView</name>
    <message>
        <source>Your notifications</source>
        <translation>Ihre Benachrichtigungen</translation>
    </message>
    <message>
        <source>&amp;Open case</source>
        <translation>Fall ö&amp;ffnen</translation>
    </message>
    <message>
        <source>&amp;Mark read</source>
        <translation>Als gelesen &amp;markieren</translation>
    </message>
    <message>
        <source>Mark &amp;all read</source>
        <translation>&amp;Alle als gelesen markieren</translation>
    </message>
    <message>
        <source>&amp;Unread only</source>
        <translation>Nur &amp;ungelesene</translation>
    </message>
    <message numerus="yes">
        <source>%n unread</source>
        <translation>
            <numerusform>%n ungelesen</numerusform>
            <numerusform>%n ungelesen</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to tell you. Sign-offs you may give, cases and follow-ups given to you, escalations into your queues, SLA warnings and customer replies on your cases show here.</source>
        <translation>Keine Neuigkeiten. Freigaben, die Sie erteilen dürfen, Ihnen zugewiesene Fälle und Wiedervorlagen, Eskalationen in Ihre Warteschlangen, SLA-Warnungen und Kundenantworten zu Ihren Fällen erscheinen hier.</translation>
    </message>
</context>
<context>
    <name>OfferEditor</name>
    <message>
        <source>Counter {ref}</source>
        <translation>Gegenangebot zu {ref}</translation>
    </message>
    <message>
        <source>New offer on {ref}</source>
        <translation>Neues Angebot zu {ref}</translation>
    </message>
    <message>
        <source>Round {round}: a counter-offer answers {ref} and closes it as countered. The terms start as {ref}&apos;s; change what the party proposes instead.</source>
        <translation>Runde {round}: Ein Gegenangebot beantwortet {ref} und schließt es als beantwortet. Die Bedingungen beginnen als die von {ref}; ändern Sie, was die Partei stattdessen vorschlägt.</translation>
    </message>
    <message>
        <source>Round 1: what one party proposes to the others. Amounts are in {currency}; an empty amount offers the remedy&apos;s own.</source>
        <translation>Runde 1: was eine Partei den anderen vorschlägt. Beträge sind in {currency}; ein leerer Betrag bietet den der Abhilfe selbst an.</translation>
    </message>
    <message>
        <source>Offered &amp;by:</source>
        <translation>Angeboten &amp;von:</translation>
    </message>
    <message>
        <source>Received &amp;via:</source>
        <translation>Eingegangen &amp;über:</translation>
    </message>
    <message>
        <source>{party} replies by</source>
        <translation>{party} antwortet bis</translation>
    </message>
    <message>
        <source>replies by</source>
        <translation>antwortet bis</translation>
    </message>
    <message>
        <source>Made &amp;to:</source>
        <translation>Gerichtet &amp;an:</translation>
    </message>
    <message>
        <source>up to {amount}</source>
        <translation>bis zu {amount}</translation>
    </message>
    <message>
        <source>Amount of {ref}</source>
        <translation>Betrag von {ref}</translation>
    </message>
    <message>
        <source>What the agreement says</source>
        <translation>Was die Vereinbarung sagt</translation>
    </message>
    <message>
        <source>Description of {ref}</source>
        <translation>Beschreibung von {ref}</translation>
    </message>
    <message>
        <source>The case has no remedy to offer: propose one first.</source>
        <translation>Der Fall hat keine Abhilfe zum Anbieten: Schlagen Sie zuerst eine vor.</translation>
    </message>
    <message>
        <source>&amp;Remedies:</source>
        <translation>&amp;Abhilfen:</translation>
    </message>
    <message>
        <source>One a line: party | YYYY-MM-DD | what they do (customer, company, seller)</source>
        <translation>Eine pro Zeile: Partei | JJJJ-MM-TT | was sie tut (customer, company, seller)</translation>
    </message>
    <message>
        <source>O&amp;bligations:</source>
        <translation>&amp;Pflichten:</translation>
    </message>
    <message>
        <source>Re&amp;turn:</source>
        <translation>&amp;Rücksendung:</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>&amp;Notiz:</translation>
    </message>
    <message>
        <source>&amp;Record counter-offer</source>
        <translation>Gegenangebot &amp;festhalten</translation>
    </message>
    <message>
        <source>&amp;Record offer</source>
        <translation>Angebot &amp;festhalten</translation>
    </message>
</context>
<context>
    <name>OfferLabels</name>
    <message>
        <source>Company</source>
        <translation>Unternehmen</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>Marketplace seller</source>
        <translation>Marktplatzverkäufer</translation>
    </message>
    <message>
        <source>the {party}</source>
        <translation>{party}</translation>
    </message>
    <message>
        <source>{first} and {last}</source>
        <translation>{first} und {last}</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <source>Letter</source>
        <translation>Brief</translation>
    </message>
    <message>
        <source>In person</source>
        <translation>Persönlich</translation>
    </message>
    <message>
        <source>Customer portal</source>
        <translation>Kundenportal</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Offen</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Angenommen</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Countered</source>
        <translation>Gegenangebot erhalten</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>Zurückgezogen</translation>
    </message>
</context>
<context>
    <name>OpenReviewDialog</name>
    <message>
        <source>Open a periodic review</source>
        <translation>Periodisches Review eröffnen</translation>
    </message>
    <message>
        <source>The period&apos;s KPI report and pattern findings are frozen into the review now; a refresh before sign-off freezes them again (recorded).</source>
        <translation>Der KPI-Bericht und die Muster-Befunde des Zeitraums werden jetzt im Review festgehalten; eine Aktualisierung vor der Freigabe hält sie erneut fest (protokolliert).</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>&amp;Von:</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;Bis:</translation>
    </message>
    <message>
        <source>&amp;Open review</source>
        <translation>Review &amp;eröffnen</translation>
    </message>
</context>
<context>
    <name>OrderItemsModel</name>
    <message>
        <source>#</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>Artikelnr.</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produkt</translation>
    </message>
    <message>
        <source>Seller</source>
        <translation>Verkäufer</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>Menge</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>Einzelpreis</translation>
    </message>
    <message>
        <source>Line total</source>
        <translation>Positionssumme</translation>
    </message>
</context>
<context>
    <name>OrderTab</name>
    <message>
        <source>Order items</source>
        <translation>Bestellpositionen</translation>
    </message>
    <message>
        <source>Order number:</source>
        <translation>Bestellnummer:</translation>
    </message>
    <message>
        <source>Placed on:</source>
        <translation>Bestellt am:</translation>
    </message>
    <message>
        <source>Order total:</source>
        <translation>Bestellsumme:</translation>
    </message>
    <message>
        <source>Shipping:</source>
        <translation>Versand:</translation>
    </message>
    <message>
        <source>Sum of items:</source>
        <translation>Summe der Positionen:</translation>
    </message>
    <message>
        <source>&amp;Order</source>
        <translation>&amp;Bestellung</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>nicht erfasst</translation>
    </message>
    <message>
        <source>no items recorded</source>
        <translation>keine Positionen erfasst</translation>
    </message>
</context>
<context>
    <name>OutboxView</name>
    <message>
        <source>Queued</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <source>Failed: waiting for a retry</source>
        <translation>Fehlgeschlagen: wartet auf erneuten Versuch</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Zugestellt</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Fall</translation>
    </message>
    <message>
        <source>To</source>
        <translation>An</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Betreff</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>Next attempt</source>
        <translation>Nächster Versuch</translation>
    </message>
    <message>
        <source>Server&apos;s last answer</source>
        <translation>Letzte Antwort des Servers</translation>
    </message>
    <message>
        <source>Show mail that is</source>
        <translation>Post zeigen, die</translation>
    </message>
    <message>
        <source>All mail</source>
        <translation>Alle Post</translation>
    </message>
    <message>
        <source>Mail to customers</source>
        <translation>Post an Kunden</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Erneut versuchen</translation>
    </message>
    <message>
        <source>&amp;Export .eml…</source>
        <translation>.eml &amp;exportieren…</translation>
    </message>
    <message>
        <source>&amp;Deliver now</source>
        <translation>Jetzt &amp;zustellen</translation>
    </message>
    <message>
        <source>Re&amp;load</source>
        <translation>&amp;Neu laden</translation>
    </message>
    <message>
        <source>{q} queued · {f} failed · {d} delivered</source>
        <translation>{q} wartend · {f} fehlgeschlagen · {d} zugestellt</translation>
    </message>
    <message>
        <source>No mail selected.</source>
        <translation>Keine Post ausgewählt.</translation>
    </message>
    <message>
        <source>{state} · {ref} · message {message}</source>
        <translation>{state} · {ref} · Nachricht {message}</translation>
    </message>
    <message>
        <source>To: {name} &lt;{address}&gt;</source>
        <translation>An: {name} &lt;{address}&gt;</translation>
    </message>
    <message>
        <source>Subject: {subject}</source>
        <translation>Betreff: {subject}</translation>
    </message>
    <message>
        <source>Message-ID: {id}</source>
        <translation>Message-ID: {id}</translation>
    </message>
    <message>
        <source>Queued by {who}, {when}</source>
        <translation>Eingereiht von {who}, {when}</translation>
    </message>
    <message>
        <source>Attempts: {n}</source>
        <translation>Versuche: {n}</translation>
    </message>
    <message>
        <source>Next attempt: {when}</source>
        <translation>Nächster Versuch: {when}</translation>
    </message>
    <message>
        <source>Delivered: {when}</source>
        <translation>Zugestellt: {when}</translation>
    </message>
    <message>
        <source>Attachments: evidence {ids}</source>
        <translation>Anhänge: Nachweise {ids}</translation>
    </message>
    <message>
        <source>Server&apos;s last answer: {answer}</source>
        <translation>Letzte Antwort des Servers: {answer}</translation>
    </message>
    <message>
        <source>Queued again; the next delivery pass sends it.</source>
        <translation>Erneut eingereiht; der nächste Zustelldurchlauf sendet sie.</translation>
    </message>
    <message>
        <source>Nothing sent: {reason}</source>
        <translation>Nichts gesendet: {reason}</translation>
    </message>
    <message>
        <source>{d} delivered, {q} to be tried again, {f} failed.</source>
        <translation>{d} zugestellt, {q} werden erneut versucht, {f} fehlgeschlagen.</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Reset password of {user}</source>
        <translation>Passwort von {user} zurücksetzen</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Neues Passwort</translation>
    </message>
    <message>
        <source>Repeat password</source>
        <translation>Passwort wiederholen</translation>
    </message>
    <message>
        <source>New password:</source>
        <translation>Neues Passwort:</translation>
    </message>
    <message>
        <source>Repeat password:</source>
        <translation>Passwort wiederholen:</translation>
    </message>
    <message>
        <source>The two passwords differ: type the same password twice.</source>
        <translation>Die beiden Passwörter unterscheiden sich: Geben Sie zweimal dasselbe Passwort ein.</translation>
    </message>
</context>
<context>
    <name>Patterns</name>
    <message>
        <source>Products (SKU) with the most defect and warranty cases</source>
        <translation>Produkte (SKU) mit den meisten Defekt- und Garantiefällen</translation>
    </message>
    <message>
        <source>Sellers with the most defect and warranty cases</source>
        <translation>Verkäufer mit den meisten Defekt- und Garantiefällen</translation>
    </message>
    <message>
        <source>Shipping problems by kind and seller</source>
        <translation>Versandprobleme nach Art und Verkäufer</translation>
    </message>
    <message>
        <source>Customers with repeated claims in the policy window</source>
        <translation>Kunden mit wiederholten Reklamationen im Richtlinienzeitraum</translation>
    </message>
    <message>
        <source>Customers with remedies on several cases in the policy window</source>
        <translation>Kunden mit Abhilfen in mehreren Fällen im Richtlinienzeitraum</translation>
    </message>
    <message>
        <source>Categories whose volume jumped against the previous period</source>
        <translation>Kategorien, deren Volumen gegenüber dem Vorzeitraum sprunghaft stieg</translation>
    </message>
    <message>
        <source>defects {v}</source>
        <translation>Defekte {v}</translation>
    </message>
    <message>
        <source>warranty {v}</source>
        <translation>Garantie {v}</translation>
    </message>
    <message>
        <source>orders seen {v}</source>
        <translation>gesehene Bestellungen {v}</translation>
    </message>
    <message>
        <source>rate {v}</source>
        <translation>Quote {v}</translation>
    </message>
    <message>
        <source>remedies {v}</source>
        <translation>Abhilfen {v}</translation>
    </message>
    <message>
        <source>previous period {v}</source>
        <translation>Vorzeitraum {v}</translation>
    </message>
    <message>
        <source>change +{v}</source>
        <translation>Änderung +{v}</translation>
    </message>
    <message>
        <source>+{v}%</source>
        <translation>+{v} %</translation>
    </message>
    <message>
        <source>carrier: not recorded (cases and order items have no carrier; an import keeps one only in its import event)</source>
        <translation>Spediteur: nicht erfasst (Fälle und Bestellpositionen haben keinen Spediteur; ein Import hält ihn nur in seinem Import-Ereignis fest)</translation>
    </message>
    <message>
        <source>region: not recorded (customers have no address)</source>
        <translation>Region: nicht erfasst (Kunden haben keine Anschrift)</translation>
    </message>
    <message>
        <source>orders seen: the orders that came in with a case; the app holds no sales, so a rate is cases per order seen with a complaint of any kind, not per order sold</source>
        <translation>gesehene Bestellungen: die Bestellungen, die mit einem Fall kamen; die Anwendung kennt keine Verkäufe, eine Quote ist also Fälle je gesehener Bestellung mit irgendeiner Reklamation, nicht je verkaufter Bestellung</translation>
    </message>
</context>
<context>
    <name>PatternsView</name>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Bis</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>&amp;Anzeigen</translation>
    </message>
    <message>
        <source>&amp;Open cases</source>
        <translation>Fälle ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Show the selected finding&apos;s cases in the case list (or double-click it)</source>
        <translation>Die Fälle des gewählten Befunds in der Fallliste zeigen (oder doppelklicken)</translation>
    </message>
    <message>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>{n} findings</source>
        <translation>{n} Befunde</translation>
    </message>
    <message>
        <source>Not recorded: {what}</source>
        <translation>Nicht erfasst: {what}</translation>
    </message>
</context>
<context>
    <name>PersonalPage</name>
    <message>
        <source>Personal database</source>
        <translation>Persönliche Datenbank</translation>
    </message>
    <message>
        <source>A SQLite file on a local disk (not a network share).</source>
        <translation>Eine SQLite-Datei auf einer lokalen Festplatte (keine Netzwerkfreigabe).</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>Fill it with &amp;demo data (sample cases and demo users; to try the app)</source>
        <translation>Mit &amp;Demodaten füllen (Beispielfälle und Demo-Benutzer; zum Ausprobieren)</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;Datei:</translation>
    </message>
    <message>
        <source>This file exists: it will be used as it is (upgraded if an older version made it), and you log in with its users.</source>
        <translation>Diese Datei existiert: Sie wird so verwendet, wie sie ist (aktualisiert, falls eine ältere Version sie angelegt hat), und Sie melden sich mit ihren Benutzern an.</translation>
    </message>
    <message>
        <source>The demo users&apos; passwords are published: never use demo data for real work.</source>
        <translation>Die Passwörter der Demo-Benutzer sind veröffentlicht: Verwenden Sie Demodaten nie für echte Arbeit.</translation>
    </message>
    <message>
        <source>Next you choose the first administrator&apos;s name and password.</source>
        <translation>Als Nächstes wählen Sie Namen und Passwort des ersten Administrators.</translation>
    </message>
    <message>
        <source>Database file</source>
        <translation>Datenbankdatei</translation>
    </message>
    <message>
        <source>Resolution Center databases (*.db);;All files (*)</source>
        <translation>Resolution-Center-Datenbanken (*.db);;Alle Dateien (*)</translation>
    </message>
</context>
<context>
    <name>PolicyBanner</name>
    <message>
        <source>Policy rules</source>
        <translation>Regeln der Richtlinie</translation>
    </message>
    <message>
        <source>&amp;Why</source>
        <translation>&amp;Warum</translation>
    </message>
    <message>
        <source>Show every rule the policy checked, with its id</source>
        <translation>Jede geprüfte Regel der Richtlinie mit ihrer ID zeigen</translation>
    </message>
    <message>
        <source>The policy check appears here as you type.</source>
        <translation>Die Prüfung gegen die Richtlinie erscheint hier während der Eingabe.</translation>
    </message>
    <message>
        <source>Refused: {why}</source>
        <translation>Abgelehnt: {why}</translation>
    </message>
    <message>
        <source>Waiting for valid input.</source>
        <translation>Warte auf gültige Eingabe.</translation>
    </message>
</context>
<context>
    <name>PolicyPage</name>
    <message>
        <source>Policy version shown</source>
        <translation>Angezeigte Version der Richtlinie</translation>
    </message>
    <message>
        <source>Show version:</source>
        <translation>Version zeigen:</translation>
    </message>
    <message>
        <source>Policy text (TOML)</source>
        <translation>Text der Richtlinie (TOML)</translation>
    </message>
    <message>
        <source>&amp;Edit as a new version</source>
        <translation>Als neue Version &amp;bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Open a TOML file…</source>
        <translation>TOML-Datei ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>&amp;Check and preview</source>
        <translation>&amp;Prüfen und Vorschau</translation>
    </message>
    <message>
        <source>&amp;Load this version…</source>
        <translation>Diese Version &amp;laden…</translation>
    </message>
    <message>
        <source>&amp;Discard edits</source>
        <translation>Änderungen &amp;verwerfen</translation>
    </message>
    <message>
        <source>Remedy</source>
        <translation>Abhilfe</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Fall</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>Verdict now</source>
        <translation>Urteil jetzt</translation>
    </message>
    <message>
        <source>Under the edit</source>
        <translation>Mit der Änderung</translation>
    </message>
    <message>
        <source>In force: version {version}, “{name}”, loaded {when} by {who}.</source>
        <translation>In Kraft: Version {version}, „{name}“, geladen {when} von {who}.</translation>
    </message>
    <message>
        <source>v{version} – {name}</source>
        <translation>v{version} – {name}</translation>
    </message>
    <message>
        <source>Remedy policy file</source>
        <translation>Datei der Abhilfe-Richtlinie</translation>
    </message>
    <message>
        <source>TOML files (*.toml);;All files (*)</source>
        <translation>TOML-Dateien (*.toml);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Cannot read {path}: {error}</source>
        <translation>{path} kann nicht gelesen werden: {error}</translation>
    </message>
    <message>
        <source>The text changed since the check: check it again.</source>
        <translation>Der Text hat sich seit der Prüfung geändert: Prüfen Sie ihn erneut.</translation>
    </message>
    <message>
        <source>Check the text first: only a checked policy is loaded</source>
        <translation>Prüfen Sie den Text zuerst: Nur eine geprüfte Richtlinie wird geladen</translation>
    </message>
    <message>
        <source>✔ The policy is valid. {changed} of {total} pending remedies would be judged differently (highlighted).</source>
        <translation>✔ Die Richtlinie ist gültig. {changed} von {total} wartenden Abhilfen würden anders beurteilt (hervorgehoben).</translation>
    </message>
    <message>
        <source>✔ The policy is valid. No remedy is waiting for sign-off.</source>
        <translation>✔ Die Richtlinie ist gültig. Keine Abhilfe wartet auf Freigabe.</translation>
    </message>
    <message>
        <source>Load the policy</source>
        <translation>Richtlinie laden</translation>
    </message>
    <message>
        <source>Load this text as the policy in force? New remedies and every sign-off are judged by it from now on; stored decisions keep the version they were made under.</source>
        <translation>Diesen Text als geltende Richtlinie laden? Neue Abhilfen und jede Freigabe werden ab jetzt nach ihm beurteilt; gespeicherte Entscheidungen behalten die Version, unter der sie getroffen wurden.</translation>
    </message>
    <message>
        <source>✔ Version {version} is in force.</source>
        <translation>✔ Version {version} ist in Kraft.</translation>
    </message>
    <message>
        <source>Authorized without sign-off</source>
        <translation>Ohne Freigabe bewilligt</translation>
    </message>
    <message>
        <source>Needs sign-off: {role} or above</source>
        <translation>Freigabe nötig: {role} oder höher</translation>
    </message>
    <message>
        <source>Needs sign-off</source>
        <translation>Freigabe nötig</translation>
    </message>
    <message>
        <source>Needs two sign-offs</source>
        <translation>Zwei Freigaben nötig</translation>
    </message>
    <message>
        <source>Refused: {why}</source>
        <translation>Abgelehnt: {why}</translation>
    </message>
</context>
<context>
    <name>QuarantineView</name>
    <message>
        <source>Quarantined mail</source>
        <translation>Mail in Quarantäne</translation>
    </message>
    <message>
        <source>Show imported and discarded mail too</source>
        <translation>Auch importierte und verworfene Mail zeigen</translation>
    </message>
    <message>
        <source>&amp;Fetch mail now</source>
        <translation>&amp;Mail jetzt abrufen</translation>
    </message>
    <message>
        <source>Re&amp;load</source>
        <translation>Neu &amp;laden</translation>
    </message>
    <message>
        <source>RC-2026-000123 (optional)</source>
        <translation>RC-2026-000123 (optional)</translation>
    </message>
    <message>
        <source>Case to import into</source>
        <translation>Fall, in den importiert wird</translation>
    </message>
    <message>
        <source>&amp;Re-import</source>
        <translation>E&amp;rneut importieren</translation>
    </message>
    <message>
        <source>Why it is discarded (spam, a bounce, …)</source>
        <translation>Warum sie verworfen wird (Spam, ein Unzustellbarkeitsbericht, …)</translation>
    </message>
    <message>
        <source>Reason for discarding</source>
        <translation>Grund für das Verwerfen</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>&amp;Verwerfen</translation>
    </message>
    <message>
        <source>Into &amp;case:</source>
        <translation>In &amp;Fall:</translation>
    </message>
    <message>
        <source>Rea&amp;son:</source>
        <translation>Gr&amp;und:</translation>
    </message>
    <message>
        <source>No mail is waiting. Mail that cannot be imported is kept here.</source>
        <translation>Keine Mail wartet. Mail, die nicht importiert werden kann, wird hier aufbewahrt.</translation>
    </message>
    <message>
        <source>From {sender} · {subject}</source>
        <translation>Von {sender} · {subject}</translation>
    </message>
    <message>
        <source>(no sender)</source>
        <translation>(kein Absender)</translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation>(kein Betreff)</translation>
    </message>
    <message>
        <source>Reason: {reason}</source>
        <translation>Grund: {reason}</translation>
    </message>
    <message>
        <source>Came from {source}, kept {when} by {who}</source>
        <translation>Kam aus {source}, aufbewahrt {when} von {who}</translation>
    </message>
    <message>
        <source>{size} bytes, SHA-256 {sha}</source>
        <translation>{size} Bytes, SHA-256 {sha}</translation>
    </message>
    <message>
        <source>{state} by {who}, {when}</source>
        <translation>{state} von {who}, {when}</translation>
    </message>
    <message>
        <source>Still not imported: {reason}</source>
        <translation>Weiterhin nicht importiert: {reason}</translation>
    </message>
    <message>
        <source>Imported into {case} as message {id}.</source>
        <translation>In {case} als Nachricht {id} importiert.</translation>
    </message>
    <message>
        <source>Discarded; the mail&apos;s bytes stay on record.</source>
        <translation>Verworfen; die Bytes der Mail bleiben gespeichert.</translation>
    </message>
    <message>
        <source>Fetching mail…</source>
        <translation>Mail wird abgerufen…</translation>
    </message>
    <message>
        <source>No new mail.</source>
        <translation>Keine neue Mail.</translation>
    </message>
    <message>
        <source>Fetching mail failed: {why}</source>
        <translation>Mail-Abruf fehlgeschlagen: {why}</translation>
    </message>
</context>
<context>
    <name>QueueEditorDialog</name>
    <message>
        <source>Escalation queues</source>
        <translation>Eskalations-Warteschlangen</translation>
    </message>
    <message>
        <source>Queues</source>
        <translation>Warteschlangen</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Mitglieder</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>Mitglied</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Hinzugefügt</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>User to add</source>
        <translation>Hinzuzufügender Benutzer</translation>
    </message>
    <message>
        <source>Why (kept in the trail, optional)</source>
        <translation>Warum (im Prüfpfad festgehalten, optional)</translation>
    </message>
    <message>
        <source>&amp;Add to queue</source>
        <translation>Zur Warteschlange &amp;hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Remove selected</source>
        <translation>Auswahl &amp;entfernen</translation>
    </message>
    <message>
        <source>Members: who may hold the queue&apos;s cases</source>
        <translation>Mitglieder: wer die Fälle der Warteschlange übernehmen darf</translation>
    </message>
    <message>
        <source>Off: new cases wait in the queue</source>
        <translation>Aus: Neue Fälle warten in der Warteschlange</translation>
    </message>
    <message>
        <source>Round-robin: each member in turn</source>
        <translation>Reihum: jedes Mitglied der Reihe nach</translation>
    </message>
    <message>
        <source>By category: a member per category</source>
        <translation>Nach Kategorie: ein Mitglied je Kategorie</translation>
    </message>
    <message>
        <source>Category rules</source>
        <translation>Kategorieregeln</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>Goes to</source>
        <translation>Geht an</translation>
    </message>
    <message>
        <source>Save &amp;routing</source>
        <translation>Zuteilung &amp;speichern</translation>
    </message>
    <message>
        <source>Routing of cases arriving in the queue (new cases at the frontline, escalations that name nobody)</source>
        <translation>Zuteilung der in der Warteschlange eingehenden Fälle (neue Fälle in der Erstbearbeitung, Eskalationen ohne Namen)</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>on a first-response breach</source>
        <translation>bei verfehlter Erstreaktion</translation>
    </message>
    <message>
        <source>on a resolution breach</source>
        <translation>bei verfehlter Lösungsfrist</translation>
    </message>
    <message>
        <source>on either breach</source>
        <translation>bei einer der beiden Fristverletzungen</translation>
    </message>
    <message>
        <source>Sa&amp;ve</source>
        <translation>Spei&amp;chern</translation>
    </message>
    <message>
        <source>The SLA sweep escalates a case:</source>
        <translation>Die SLA-Prüfung eskaliert einen Fall:</translation>
    </message>
    <message>
        <source>Only an admin may change queues; you can read them.</source>
        <translation>Nur ein Administrator darf Warteschlangen ändern; Sie können sie lesen.</translation>
    </message>
    <message>
        <source>Only an admin may change queues</source>
        <translation>Nur ein Administrator darf Warteschlangen ändern</translation>
    </message>
    <message>
        <source>{name} ({count})</source>
        <translation>{name} ({count})</translation>
    </message>
    <message>
        <source> — disabled</source>
        <translation> — deaktiviert</translation>
    </message>
    <message>
        <source>nobody (waits in the queue)</source>
        <translation>niemand (wartet in der Warteschlange)</translation>
    </message>
    <message>
        <source>Choose the member to remove in the table first</source>
        <translation>Wählen Sie zuerst das zu entfernende Mitglied in der Tabelle</translation>
    </message>
</context>
<context>
    <name>RemediesTab</name>
    <message>
        <source>Remedies of this case</source>
        <translation>Abhilfen dieses Falls</translation>
    </message>
    <message>
        <source>&amp;Propose remedy…</source>
        <translation>Abhilfe &amp;vorschlagen…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+P</source>
        <translation>Ctrl+Shift+P</translation>
    </message>
    <message>
        <source>&amp;Withdraw…</source>
        <translation>&amp;Zurückziehen…</translation>
    </message>
    <message>
        <source>Mark &amp;fulfilled…</source>
        <translation>Als &amp;erfüllt markieren…</translation>
    </message>
    <message>
        <source>Stored policy decision</source>
        <translation>Gespeicherte Entscheidung der Richtlinie</translation>
    </message>
    <message>
        <source>&amp;Remedies</source>
        <translation>&amp;Abhilfen</translation>
    </message>
    <message>
        <source>No remedies yet.</source>
        <translation>Noch keine Abhilfen.</translation>
    </message>
    <message>
        <source>Select a remedy to see its policy decision.</source>
        <translation>Wählen Sie eine Abhilfe, um ihre Entscheidung nach der Richtlinie zu sehen.</translation>
    </message>
    <message>
        <source>{ref}: {kind}, {amount}, {state}. Requested by {who} ({role}) {when}.
Reason: {reason}</source>
        <translation>{ref}: {kind}, {amount}, {state}. Beantragt von {who} ({role}) {when}.
Grund: {reason}</translation>
    </message>
    <message>
        <source>Sign-offs:</source>
        <translation>Freigaben:</translation>
    </message>
    <message>
        <source>No sign-offs.</source>
        <translation>Keine Freigaben.</translation>
    </message>
</context>
<context>
    <name>RemedyForm</name>
    <message>
        <source>Propose a remedy for {ref}</source>
        <translation>Abhilfe für {ref} vorschlagen</translation>
    </message>
    <message>
        <source>Amounts are in the order&apos;s currency, {currency}.</source>
        <translation>Beträge sind in der Währung der Bestellung, {currency}.</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>&amp;Art:</translation>
    </message>
    <message>
        <source>e.g. {example}</source>
        <translation>z. B. {example}</translation>
    </message>
    <message>
        <source>&amp;Amount ({currency}):</source>
        <translation>&amp;Betrag ({currency}):</translation>
    </message>
    <message>
        <source>#{line} {product} – {total}</source>
        <translation>#{line} {product} – {total}</translation>
    </message>
    <message>
        <source>None checked means the whole order.</source>
        <translation>Keine Auswahl bedeutet die ganze Bestellung.</translation>
    </message>
    <message>
        <source>Order &amp;lines covered:</source>
        <translation>Abgedeckte &amp;Positionen:</translation>
    </message>
    <message>
        <source>Why is this remedy right for the customer?</source>
        <translation>Warum ist diese Abhilfe für den Kunden richtig?</translation>
    </message>
    <message>
        <source>&amp;Reason (required):</source>
        <translation>&amp;Grund (erforderlich):</translation>
    </message>
    <message>
        <source>&amp;Propose</source>
        <translation>&amp;Vorschlagen</translation>
    </message>
    <message>
        <source>A replacement is valued at the covered items&apos; price.</source>
        <translation>Eine Ersatzlieferung wird mit dem Preis der abgedeckten Artikel bewertet.</translation>
    </message>
    <message>
        <source>{ref} is authorized: it was within your authority.</source>
        <translation>{ref} ist bewilligt: Sie lag in Ihrer Befugnis.</translation>
    </message>
    <message>
        <source>{ref} was sent for sign-off; it shows in the sign-off queue.</source>
        <translation>{ref} wurde zur Freigabe gesendet; sie erscheint in der Freigabe-Warteschlange.</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Schließen</translation>
    </message>
</context>
<context>
    <name>RemedyLabels</name>
    <message>
        <source>Full refund</source>
        <translation>Volle Erstattung</translation>
    </message>
    <message>
        <source>Partial refund</source>
        <translation>Teilerstattung</translation>
    </message>
    <message>
        <source>Replacement</source>
        <translation>Ersatzlieferung</translation>
    </message>
    <message>
        <source>Expedited replacement</source>
        <translation>Express-Ersatzlieferung</translation>
    </message>
    <message>
        <source>Return for refund</source>
        <translation>Rücksendung gegen Erstattung</translation>
    </message>
    <message>
        <source>Coupon</source>
        <translation>Gutschein</translation>
    </message>
    <message>
        <source>Store credit</source>
        <translation>Guthaben</translation>
    </message>
    <message>
        <source>Service credit</source>
        <translation>Servicegutschrift</translation>
    </message>
    <message>
        <source>Goodwill gesture</source>
        <translation>Kulanzleistung</translation>
    </message>
    <message>
        <source>Proposed</source>
        <translation>Vorgeschlagen</translation>
    </message>
    <message>
        <source>Authorized</source>
        <translation>Bewilligt</translation>
    </message>
    <message>
        <source>Pending sign-off</source>
        <translation>Wartet auf Freigabe</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Freigegeben</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Fulfilled</source>
        <translation>Erfüllt</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>Zurückgezogen</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Abgelaufen</translation>
    </message>
    <message>
        <source>Within your authority</source>
        <translation>In Ihrer Befugnis</translation>
    </message>
    <message>
        <source>Needs sign-off: {role} or above</source>
        <translation>Freigabe nötig: {role} oder höher</translation>
    </message>
    <message>
        <source>Needs sign-off</source>
        <translation>Freigabe nötig</translation>
    </message>
    <message>
        <source>Needs two sign-offs</source>
        <translation>Zwei Freigaben nötig</translation>
    </message>
    <message>
        <source>Refused: {why}</source>
        <translation>Abgelehnt: {why}</translation>
    </message>
</context>
<context>
    <name>RemedyModels</name>
    <message>
        <source>{d} d {h} h</source>
        <translation>{d} T. {h} Std.</translation>
    </message>
    <message>
        <source>{h} h {m} min</source>
        <translation>{h} Std. {m} Min.</translation>
    </message>
    <message>
        <source>{m} min</source>
        <translation>{m} Min.</translation>
    </message>
    <message>
        <source>not needed</source>
        <translation>nicht nötig</translation>
    </message>
    <message>
        <source>{done} of {needed}</source>
        <translation>{done} von {needed}</translation>
    </message>
    <message>
        <source>Remedy</source>
        <translation>Abhilfe</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Requested by</source>
        <translation>Beantragt von</translation>
    </message>
    <message>
        <source>Sign-offs</source>
        <translation>Freigaben</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>Beantragt</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Fall</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Wartet</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>Richtlinie</translation>
    </message>
</context>
<context>
    <name>ResolutionFields</name>
    <message>
        <source>Choose how it was resolved…</source>
        <translation>Wählen Sie, wie er gelöst wurde…</translation>
    </message>
    <message>
        <source>What was done for the customer, in a sentence or two</source>
        <translation>Was für den Kunden getan wurde, in ein oder zwei Sätzen</translation>
    </message>
    <message>
        <source>Resolution &amp;code:</source>
        <translation>Lösungs&amp;code:</translation>
    </message>
    <message>
        <source>Resolution s&amp;ummary:</source>
        <translation>Lösungs&amp;zusammenfassung:</translation>
    </message>
</context>
<context>
    <name>RestoreJob</name>
    <message>
        <source>Checking the backup…</source>
        <translation>Sicherung wird geprüft…</translation>
    </message>
    <message>
        <source>Restore from backup</source>
        <translation>Aus Sicherung wiederherstellen</translation>
    </message>
    <message>
        <source>Checking the backup&apos;s audit trail…</source>
        <translation>Prüfpfad der Sicherung wird geprüft…</translation>
    </message>
    <message>
        <source>Copying the backup into place…</source>
        <translation>Sicherung wird an ihren Platz kopiert…</translation>
    </message>
    <message>
        <source>Checking the restored database…</source>
        <translation>Wiederhergestellte Datenbank wird geprüft…</translation>
    </message>
    <message>
        <source>Recording the restore in the audit trail…</source>
        <translation>Wiederherstellung wird im Prüfpfad festgehalten…</translation>
    </message>
    <message>
        <source>Restoring…</source>
        <translation>Wird wiederhergestellt…</translation>
    </message>
</context>
<context>
    <name>ReviewsView</name>
    <message>
        <source>Periodic reviews</source>
        <translation>Periodische Reviews</translation>
    </message>
    <message>
        <source>#</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Zeitraum</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Opened by</source>
        <translation>Eröffnet von</translation>
    </message>
    <message>
        <source>Signed by</source>
        <translation>Freigegeben von</translation>
    </message>
    <message>
        <source>Open actions</source>
        <translation>Offene Maßnahmen</translation>
    </message>
    <message>
        <source>My review actions</source>
        <translation>Meine Review-Maßnahmen</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Fällig</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Review</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Maßnahme</translation>
    </message>
    <message>
        <source>Mark &amp;done</source>
        <translation>Als &amp;erledigt markieren</translation>
    </message>
    <message>
        <source>&amp;New review…</source>
        <translation>&amp;Neues Review…</translation>
    </message>
    <message>
        <source>&amp;Refresh figures</source>
        <translation>Zahlen a&amp;ktualisieren</translation>
    </message>
    <message>
        <source>Add &amp;note…</source>
        <translation>&amp;Notiz hinzufügen…</translation>
    </message>
    <message>
        <source>Add &amp;action…</source>
        <translation>&amp;Maßnahme hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;Sign off…</source>
        <translation>&amp;Freigeben…</translation>
    </message>
    <message>
        <source>Export &amp;PDF…</source>
        <translation>&amp;PDF exportieren…</translation>
    </message>
    <message>
        <source>Export &amp;CSV…</source>
        <translation>&amp;CSV exportieren…</translation>
    </message>
    <message>
        <source>Open &amp;cases</source>
        <translation>Fälle ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Show the selected finding&apos;s cases in the case list</source>
        <translation>Die Fälle des gewählten Befunds in der Fallliste zeigen</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notizen</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>Befund</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>Maßnahmen</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Verantwortlich</translation>
    </message>
    <message>
        <source>Frozen findings</source>
        <translation>Festgehaltene Befunde</translation>
    </message>
    <message>
        <source>signed</source>
        <translation>freigegeben</translation>
    </message>
    <message>
        <source>open</source>
        <translation>offen</translation>
    </message>
    <message>
        <source>No review selected</source>
        <translation>Kein Review ausgewählt</translation>
    </message>
    <message>
        <source>Open a review for a period to freeze its figures and findings.</source>
        <translation>Eröffnen Sie ein Review für einen Zeitraum, um dessen Zahlen und Befunde festzuhalten.</translation>
    </message>
    <message>
        <source>Review #{id}: {start} – {end}</source>
        <translation>Review #{id}: {start} – {end}</translation>
    </message>
    <message>
        <source>Opened by {who}; figures frozen {when} by {by} ({n} refreshes).</source>
        <translation>Eröffnet von {who}; Zahlen festgehalten {when} von {by} ({n} Aktualisierungen).</translation>
    </message>
    <message>
        <source>Signed off by {who} on {when}: read-only.</source>
        <translation>Freigegeben von {who} am {when}: schreibgeschützt.</translation>
    </message>
    <message>
        <source>(review)</source>
        <translation>(Review)</translation>
    </message>
    <message>
        <source>done</source>
        <translation>erledigt</translation>
    </message>
    <message>
        <source>Supervisors and admins open reviews.</source>
        <translation>Reviews eröffnen Teamleitungen und Administratoren.</translation>
    </message>
    <message>
        <source>Export review #{id} as PDF</source>
        <translation>Review #{id} als PDF exportieren</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF-Dateien (*.pdf)</translation>
    </message>
    <message>
        <source>PDF written to {path}</source>
        <translation>PDF gespeichert unter {path}</translation>
    </message>
    <message>
        <source>Folder for review #{id}&apos;s CSV files</source>
        <translation>Ordner für die CSV-Dateien von Review #{id}</translation>
    </message>
    <message>
        <source>{n} CSV files written to {path}</source>
        <translation>{n} CSV-Dateien gespeichert unter {path}</translation>
    </message>
</context>
<context>
    <name>Satisfaction</name>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>Mail</source>
        <translation>Mail</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <source>Reply to the survey</source>
        <translation>Antwort auf die Umfrage</translation>
    </message>
    <message>
        <source>{score} of {scale} · {how}</source>
        <translation>{score} von {scale} · {how}</translation>
    </message>
    <message>
        <source>{source} · {who}, {when}</source>
        <translation>{source} · {who}, {when}</translation>
    </message>
</context>
<context>
    <name>SatisfactionTab</name>
    <message>
        <source>&amp;Record score…</source>
        <translation>Bewertung &amp;erfassen…</translation>
    </message>
    <message>
        <source>Send sur&amp;vey</source>
        <translation>&amp;Umfrage senden</translation>
    </message>
    <message>
        <source>Sa&amp;tisfaction</source>
        <translation>Zu&amp;friedenheit</translation>
    </message>
    <message>
        <source>{score} of {scale}</source>
        <translation>{score} von {scale}</translation>
    </message>
    <message>
        <source>“{comment}”</source>
        <translation>„{comment}“</translation>
    </message>
    <message>
        <source>No score yet</source>
        <translation>Noch keine Bewertung</translation>
    </message>
    <message>
        <source>Record the customer&apos;s answer here when they give it by phone, mail or chat (a score read from a reply to the survey shows here too).</source>
        <translation>Erfassen Sie hier die Antwort des Kunden, wenn er sie per Telefon, Mail oder Chat gibt (eine aus einer Antwort auf die Umfrage gelesene Bewertung erscheint ebenfalls hier).</translation>
    </message>
    <message>
        <source>Satisfaction is asked once the case is resolved.</source>
        <translation>Nach der Zufriedenheit wird gefragt, sobald der Fall gelöst ist.</translation>
    </message>
    <message>
        <source>Survey sent {when} by {who}.</source>
        <translation>Umfrage gesendet am {when} von {who}.</translation>
    </message>
    <message>
        <source>No survey sent on this case.</source>
        <translation>Zu diesem Fall wurde keine Umfrage gesendet.</translation>
    </message>
    <message>
        <source>Earlier scores (replaced):</source>
        <translation>Frühere Bewertungen (ersetzt):</translation>
    </message>
    <message>
        <source>A case is scored after it is resolved.</source>
        <translation>Ein Fall wird bewertet, nachdem er gelöst ist.</translation>
    </message>
</context>
<context>
    <name>SavedViews</name>
    <message>
        <source>No cases match these filters. Clear the filters or choose another view.</source>
        <translation>Keine Fälle passen zu diesen Filtern. Setzen Sie die Filter zurück oder wählen Sie eine andere Ansicht.</translation>
    </message>
    <message>
        <source>My open cases</source>
        <translation>Meine offenen Fälle</translation>
    </message>
    <message>
        <source>No open cases are assigned to you. Open “All open cases” and take one (Take it myself in the case&apos;s header), or create one with File → New case.</source>
        <translation>Ihnen sind keine offenen Fälle zugewiesen. Öffnen Sie „Alle offenen Fälle“ und übernehmen Sie einen („Selbst übernehmen“ in der Kopfzeile des Falls), oder legen Sie einen an mit Datei → Neuer Fall.</translation>
    </message>
    <message>
        <source>My queue</source>
        <translation>Meine Warteschlange</translation>
    </message>
    <message>
        <source>You are in no escalation queue; an admin adds people to queues.</source>
        <translation>Sie sind in keiner Eskalations-Warteschlange; ein Administrator fügt Personen zu Warteschlangen hinzu.</translation>
    </message>
    <message>
        <source>No case waits in your queue. Cases escalated to your tier without a name, and new cases the queue does not route, show here until a member takes one.</source>
        <translation>Kein Fall wartet in Ihrer Warteschlange. Fälle, die ohne Namen an Ihre Stufe eskaliert wurden, und neue Fälle, die die Warteschlange nicht zuteilt, erscheinen hier, bis ein Mitglied einen übernimmt.</translation>
    </message>
    <message>
        <source>Awaiting my sign-off</source>
        <translation>Warten auf meine Freigabe</translation>
    </message>
    <message>
        <source>Your role does not sign off remedies under the policy in force.</source>
        <translation>Ihre Rolle gibt nach der geltenden Richtlinie keine Abhilfen frei.</translation>
    </message>
    <message>
        <source>No remedy waits for your sign-off. Remedies above a specialist&apos;s limit show here when they are proposed.</source>
        <translation>Keine Abhilfe wartet auf Ihre Freigabe. Abhilfen über der Grenze eines Sachbearbeiters erscheinen hier, wenn sie vorgeschlagen werden.</translation>
    </message>
    <message>
        <source>My follow-ups due</source>
        <translation>Meine fälligen Wiedervorlagen</translation>
    </message>
    <message>
        <source>No follow-up of yours is due. Set one on a case in its Follow-up tab; it shows here when its due time comes.</source>
        <translation>Keine Wiedervorlage von Ihnen ist fällig. Legen Sie eine im Reiter „Wiedervorlage“ eines Falls an; sie erscheint hier, wenn sie fällig wird.</translation>
    </message>
    <message>
        <source>All open cases</source>
        <translation>Alle offenen Fälle</translation>
    </message>
    <message>
        <source>No case is open. Create one with File → New case.</source>
        <translation>Kein Fall ist offen. Legen Sie einen an mit Datei → Neuer Fall.</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>Eskaliert</translation>
    </message>
    <message>
        <source>Breaching SLA</source>
        <translation>SLA verletzt</translation>
    </message>
    <message>
        <source>SLA warnings for me</source>
        <translation>SLA-Warnungen für mich</translation>
    </message>
    <message>
        <source>No SLA warning for you or your queue. A case shows here once 80% of a target&apos;s working time is used (the share the SLA calendar sets), or once it is overdue.</source>
        <translation>Keine SLA-Warnung für Sie oder Ihre Warteschlange. Ein Fall erscheint hier, sobald 80 % der Arbeitszeit eines Ziels verbraucht sind (der Anteil, den der SLA-Kalender festlegt) oder sobald er überfällig ist.</translation>
    </message>
    <message>
        <source>All cases</source>
        <translation>Alle Fälle</translation>
    </message>
    <message>
        <source>Saved views</source>
        <translation>Gespeicherte Ansichten</translation>
    </message>
    <message>
        <source>Case counts for the current filters</source>
        <translation>Fallzahlen für die aktuellen Filter</translation>
    </message>
    <message>
        <source>Status and SLA</source>
        <translation>Status und SLA</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>Fälle</translation>
    </message>
    <message>
        <source>By status</source>
        <translation>Nach Status</translation>
    </message>
    <message>
        <source>By SLA</source>
        <translation>Nach SLA</translation>
    </message>
    <message>
        <source>Counts for the current filters, ignoring the status and SLA filters. Double-click a row to filter by it.</source>
        <translation>Zahlen für die aktuellen Filter, ohne die Status- und SLA-Filter. Doppelklicken Sie auf eine Zeile, um danach zu filtern.</translation>
    </message>
    <message>
        <source>&amp;Views</source>
        <translation>&amp;Ansichten</translation>
    </message>
    <message>
        <source>C&amp;ounts</source>
        <translation>&amp;Zahlen</translation>
    </message>
</context>
<context>
    <name>ScoreDialog</name>
    <message>
        <source>Satisfaction score for {ref}</source>
        <translation>Zufriedenheitsbewertung für {ref}</translation>
    </message>
    <message>
        <source>What the customer answered, from 1 (not at all satisfied) to {scale} (very). A score of {low} or less sets a follow-up for the case&apos;s assignee.</source>
        <translation>Was der Kunde geantwortet hat, von 1 (gar nicht zufrieden) bis {scale} (sehr). Eine Bewertung von {low} oder weniger legt eine Wiedervorlage für den Bearbeiter des Falls an.</translation>
    </message>
    <message>
        <source>Score {n}</source>
        <translation>Bewertung {n}</translation>
    </message>
    <message>
        <source>&amp;Score:</source>
        <translation>&amp;Bewertung:</translation>
    </message>
    <message>
        <source>&amp;How given:</source>
        <translation>&amp;Wie gegeben:</translation>
    </message>
    <message>
        <source>What the customer said (optional)</source>
        <translation>Was der Kunde gesagt hat (optional)</translation>
    </message>
    <message>
        <source>&amp;Comment:</source>
        <translation>&amp;Kommentar:</translation>
    </message>
</context>
<context>
    <name>ServerPage</name>
    <message>
        <source>Shared database on a PostgreSQL server</source>
        <translation>Gemeinsame Datenbank auf einem PostgreSQL-Server</translation>
    </message>
    <message>
        <source>The database must exist (an empty one, or one an older version set up). The login below creates or upgrades it and is never stored.</source>
        <translation>Die Datenbank muss existieren (eine leere oder eine, die eine ältere Version eingerichtet hat). Die Anmeldung unten legt sie an oder aktualisiert sie und wird nie gespeichert.</translation>
    </message>
    <message>
        <source>&amp;Check connection</source>
        <translation>Verbindung &amp;prüfen</translation>
    </message>
    <message>
        <source>H&amp;ost:</source>
        <translation>&amp;Host:</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Port:</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>Daten&amp;bank:</translation>
    </message>
    <message>
        <source>&amp;Set-up login:</source>
        <translation>&amp;Einrichtungs-Anmeldung:</translation>
    </message>
    <message>
        <source>Set-up pass&amp;word:</source>
        <translation>Einrichtungs-Pass&amp;wort:</translation>
    </message>
    <message>
        <source>A superuser, or a role with CREATEROLE that owns the database. It is used for this set-up only; afterwards everyone logs in as their own role.</source>
        <translation>Ein Superuser oder eine Rolle mit CREATEROLE, der die Datenbank gehört. Sie wird nur für diese Einrichtung verwendet; danach meldet sich jeder mit seiner eigenen Rolle an.</translation>
    </message>
    <message>
        <source>Enter the name of the database on the server.</source>
        <translation>Geben Sie den Namen der Datenbank auf dem Server ein.</translation>
    </message>
    <message>
        <source>Enter the login that sets the database up.</source>
        <translation>Geben Sie die Anmeldung ein, die die Datenbank einrichtet.</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbindung wird hergestellt…</translation>
    </message>
    <message>
        <source>Connected. {db} is empty: it will be set up.</source>
        <translation>Verbunden. {db} ist leer: Sie wird eingerichtet.</translation>
    </message>
    <message>
        <source>Connected. {db} has schema version {old}: it will be upgraded to {new}.</source>
        <translation>Verbunden. {db} hat die Schemaversion {old}: Sie wird auf {new} aktualisiert.</translation>
    </message>
    <message>
        <source>Connected. {db} is up to date (schema version {new}).</source>
        <translation>Verbunden. {db} ist aktuell (Schemaversion {new}).</translation>
    </message>
    <message>
        <source>The check failed unexpectedly: {error}</source>
        <translation>Die Prüfung ist unerwartet fehlgeschlagen: {error}</translation>
    </message>
</context>
<context>
    <name>SignReviewDialog</name>
    <message>
        <source>Sign off review #{id}</source>
        <translation>Review #{id} freigeben</translation>
    </message>
    <message>
        <source>{period}: {notes} notes, {actions} actions. Once signed, the review is read-only; its actions stay open for their owners.</source>
        <translation>{period}: {notes} Notizen, {actions} Maßnahmen. Nach der Freigabe ist das Review schreibgeschützt; seine Maßnahmen bleiben für die Verantwortlichen offen.</translation>
    </message>
    <message>
        <source>Your &amp;password:</source>
        <translation>Ihr &amp;Passwort:</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>&amp;Notiz:</translation>
    </message>
    <message>
        <source>&amp;Sign off</source>
        <translation>&amp;Freigeben</translation>
    </message>
</context>
<context>
    <name>SignoffDialog</name>
    <message>
        <source>Approve {ref}</source>
        <translation>{ref} genehmigen</translation>
    </message>
    <message>
        <source>Reject {ref}</source>
        <translation>{ref} ablehnen</translation>
    </message>
    <message>
        <source>{ref} on {case}: {kind}, {amount}, requested by {who}.
Policy: {why}</source>
        <translation>{ref} zu {case}: {kind}, {amount}, beantragt von {who}.
Richtlinie: {why}</translation>
    </message>
    <message>
        <source>Your &amp;password:</source>
        <translation>Ihr &amp;Passwort:</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>&amp;Notiz:</translation>
    </message>
    <message>
        <source>&amp;Reason (required):</source>
        <translation>&amp;Grund (erforderlich):</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Freigeben</translation>
    </message>
    <message>
        <source>&amp;Reject</source>
        <translation>&amp;Ablehnen</translation>
    </message>
</context>
<context>
    <name>SignoffQueue</name>
    <message>
        <source>Remedies awaiting sign-off</source>
        <translation>Abhilfen, die auf Freigabe warten</translation>
    </message>
    <message>
        <source>&amp;Approve…</source>
        <translation>&amp;Genehmigen…</translation>
    </message>
    <message>
        <source>Re&amp;ject…</source>
        <translation>A&amp;blehnen…</translation>
    </message>
    <message>
        <source>&amp;Open case</source>
        <translation>Fall ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Re&amp;load</source>
        <translation>&amp;Neu laden</translation>
    </message>
    <message>
        <source>Policy decision of the selected remedy</source>
        <translation>Entscheidung der Richtlinie zur gewählten Abhilfe</translation>
    </message>
    <message numerus="yes">
        <source>%n waiting</source>
        <translation>
            <numerusform>%n wartet</numerusform>
            <numerusform>%n warten</numerusform>
        </translation>
    </message>
    <message>
        <source>You requested this remedy: someone else must sign it off.</source>
        <translation>Sie haben diese Abhilfe beantragt: Jemand anderes muss sie freigeben.</translation>
    </message>
    <message>
        <source>Approve (Ctrl+Shift+Enter)</source>
        <translation>Genehmigen (Strg+Umschalt+Eingabe)</translation>
    </message>
    <message>
        <source>No remedy is waiting for sign-off. A remedy above its proposer&apos;s limit shows here when it is proposed; approve or reject it here.</source>
        <translation>Keine Abhilfe wartet auf Freigabe. Eine Abhilfe über der Grenze ihres Antragstellers erscheint hier, wenn sie vorgeschlagen wird; genehmigen oder lehnen Sie sie hier ab.</translation>
    </message>
    <message>
        <source>Nothing selected.</source>
        <translation>Nichts ausgewählt.</translation>
    </message>
    <message>
        <source>{ref} on {case}, requested by {who} {when}.
Reason: {reason}</source>
        <translation>{ref} zu {case}, beantragt von {who} {when}.
Grund: {reason}</translation>
    </message>
    <message>
        <source>Remedies of this case so far:</source>
        <translation>Bisherige Abhilfen dieses Falls:</translation>
    </message>
    <message>
        <source>No other remedies on this case.</source>
        <translation>Keine anderen Abhilfen in diesem Fall.</translation>
    </message>
</context>
<context>
    <name>SlaCalendarDialog</name>
    <message>
        <source>SLA calendar</source>
        <translation>SLA-Kalender</translation>
    </message>
    <message>
        <source>Opening hours, local time (08:00-17:00, or closed)</source>
        <translation>Öffnungszeiten, Ortszeit (08:00-17:00; geschlossen: closed, - oder leer)</translation>
    </message>
    <message>
        <source>Monday</source>
        <translation>Montag</translation>
    </message>
    <message>
        <source>Tuesday</source>
        <translation>Dienstag</translation>
    </message>
    <message>
        <source>Wednesday</source>
        <translation>Mittwoch</translation>
    </message>
    <message>
        <source>Thursday</source>
        <translation>Donnerstag</translation>
    </message>
    <message>
        <source>Friday</source>
        <translation>Freitag</translation>
    </message>
    <message>
        <source>Saturday</source>
        <translation>Samstag</translation>
    </message>
    <message>
        <source>Sunday</source>
        <translation>Sonntag</translation>
    </message>
    <message>
        <source>Closed days</source>
        <translation>Geschlossene Tage</translation>
    </message>
    <message>
        <source>e.g. DE, or empty</source>
        <translation>z. B. DE oder leer</translation>
    </message>
    <message>
        <source>e.g. BY (optional)</source>
        <translation>z. B. BY (optional)</translation>
    </message>
    <message>
        <source>One date a line: 2026-12-24</source>
        <translation>Ein Datum pro Zeile: 2026-12-24</translation>
    </message>
    <message>
        <source>Region:</source>
        <translation>Region:</translation>
    </message>
    <message>
        <source>Public holidays of:</source>
        <translation>Gesetzliche Feiertage von:</translation>
    </message>
    <message>
        <source>The team&apos;s own days:</source>
        <translation>Eigene Tage des Teams:</translation>
    </message>
    <message>
        <source>Targets in working time (first response / resolution)</source>
        <translation>Ziele in Arbeitszeit (Erstreaktion / Lösung)</translation>
    </message>
    <message>
        <source>First response</source>
        <translation>Erstreaktion</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>Lösung</translation>
    </message>
    <message>
        <source>Per category, one a line: fraud-suspicion:critical=30m/8h</source>
        <translation>Je Kategorie, eine pro Zeile: fraud-suspicion:critical=30m/8h</translation>
    </message>
    <message>
        <source>Per category:</source>
        <translation>Je Kategorie:</translation>
    </message>
    <message>
        <source>Version:</source>
        <translation>Version:</translation>
    </message>
    <message>
        <source>&amp;Time zone:</source>
        <translation>&amp;Zeitzone:</translation>
    </message>
    <message>
        <source>&amp;Warn at:</source>
        <translation>&amp;Warnen bei:</translation>
    </message>
    <message>
        <source>&amp;Save as new version</source>
        <translation>Als neue Version &amp;speichern</translation>
    </message>
    <message>
        <source>Only an admin may change the SLA calendar</source>
        <translation>Nur ein Administrator darf den SLA-Kalender ändern</translation>
    </message>
    <message>
        <source>Cases opened after a save follow the new version; cases opened before keep the version they started with. Every version is kept.</source>
        <translation>Nach dem Speichern eröffnete Fälle folgen der neuen Version; vorher eröffnete Fälle behalten die Version, mit der sie begonnen haben. Jede Version bleibt erhalten.</translation>
    </message>
    <message>
        <source>{n}, saved {when} by {who}</source>
        <translation>{n}, gespeichert {when} von {who}</translation>
    </message>
    <message>
        <source>built in: always open, no calendar saved yet</source>
        <translation>eingebaut: immer geöffnet, noch kein Kalender gespeichert</translation>
    </message>
    <message>
        <source>{text!r} is not a date like 2026-12-24</source>
        <translation>{text!r} ist kein Datum wie 2026-12-24</translation>
    </message>
    <message>
        <source>{line!r}: name the category, as category:priority=…</source>
        <translation>{line!r}: Nennen Sie die Kategorie, als Kategorie:Priorität=…</translation>
    </message>
    <message>
        <source>Saved as version {n}.</source>
        <translation>Als Version {n} gespeichert.</translation>
    </message>
</context>
<context>
    <name>SmtpSettingsDialog</name>
    <message>
        <source>Mail server</source>
        <translation>Mailserver</translation>
    </message>
    <message>
        <source>smtp.example.com</source>
        <translation>smtp.example.com</translation>
    </message>
    <message>
        <source>STARTTLS (usually port 587)</source>
        <translation>STARTTLS (meist Port 587)</translation>
    </message>
    <message>
        <source>TLS from the start (usually port 465)</source>
        <translation>TLS von Anfang an (meist Port 465)</translation>
    </message>
    <message>
        <source>None: a relay on this network, no login</source>
        <translation>Keine: ein Relay in diesem Netz, ohne Anmeldung</translation>
    </message>
    <message>
        <source>Kept in the system keyring; empty: unchanged</source>
        <translation>Im Schlüsselbund des Systems gespeichert; leer: unverändert</translation>
    </message>
    <message>
        <source>Kept in the system keyring, not in the database</source>
        <translation>Im Schlüsselbund des Systems gespeichert, nicht in der Datenbank</translation>
    </message>
    <message>
        <source>support@example.com</source>
        <translation>support@example.com</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Server:</translation>
    </message>
    <message>
        <source>&amp;Connection:</source>
        <translation>&amp;Verbindung:</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Port:</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>Pass&amp;wort:</translation>
    </message>
    <message>
        <source>&amp;From address:</source>
        <translation>&amp;Absenderadresse:</translation>
    </message>
    <message>
        <source>From &amp;name:</source>
        <translation>Absender&amp;name:</translation>
    </message>
    <message>
        <source>Mail to customers waits in the outbox until this server accepts it; without a server it stays there and can be exported as .eml.</source>
        <translation>Post an Kunden wartet im Postausgang, bis dieser Server sie annimmt; ohne Server bleibt sie dort und kann als .eml exportiert werden.</translation>
    </message>
</context>
<context>
    <name>TemplatesDialog</name>
    <message>
        <source>Message templates</source>
        <translation>Nachrichtenvorlagen</translation>
    </message>
    <message>
        <source>Placeholders: {names}</source>
        <translation>Platzhalter: {names}</translation>
    </message>
    <message>
        <source>&amp;Save as a new version</source>
        <translation>Als neue Version &amp;speichern</translation>
    </message>
    <message>
        <source>S&amp;ubject:</source>
        <translation>&amp;Betreff:</translation>
    </message>
    <message>
        <source>&amp;Body:</source>
        <translation>&amp;Text:</translation>
    </message>
    <message>
        <source>Preview with a demo case:</source>
        <translation>Vorschau mit einem Demofall:</translation>
    </message>
    <message>
        <source>Versions: {list}</source>
        <translation>Versionen: {list}</translation>
    </message>
    <message>
        <source>shipped</source>
        <translation>mitgeliefert</translation>
    </message>
</context>
<context>
    <name>UsersPage</name>
    <message>
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>New role</source>
        <translation>Neue Rolle</translation>
    </message>
    <message>
        <source>Change &amp;role</source>
        <translation>&amp;Rolle ändern</translation>
    </message>
    <message>
        <source>&amp;Disable…</source>
        <translation>&amp;Deaktivieren…</translation>
    </message>
    <message>
        <source>Reset &amp;password…</source>
        <translation>&amp;Passwort zurücksetzen…</translation>
    </message>
    <message>
        <source>Selected user:</source>
        <translation>Ausgewählter Benutzer:</translation>
    </message>
    <message>
        <source>Add a user</source>
        <translation>Benutzer hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Add user</source>
        <translation>Benutzer &amp;hinzufügen</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>Rolle:</translation>
    </message>
    <message>
        <source>Repeat:</source>
        <translation>Wiederholen:</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>Benutzername:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Passwort:</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Repeat password</source>
        <translation>Passwort wiederholen</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Deaktiviert</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>The two passwords differ: type the same password twice.</source>
        <translation>Die beiden Passwörter unterscheiden sich: Geben Sie zweimal dasselbe Passwort ein.</translation>
    </message>
    <message>
        <source>{user} added.</source>
        <translation>{user} hinzugefügt.</translation>
    </message>
    <message>
        <source>{user} is now {role}.</source>
        <translation>{user} ist jetzt {role}.</translation>
    </message>
    <message>
        <source>{user} is disabled.</source>
        <translation>{user} ist deaktiviert.</translation>
    </message>
    <message>
        <source>Disable {user}</source>
        <translation>{user} deaktivieren</translation>
    </message>
    <message>
        <source>Why is {user} disabled? (kept in the audit trail)</source>
        <translation>Warum wird {user} deaktiviert? (im Prüfpfad festgehalten)</translation>
    </message>
    <message>
        <source>The password of {user} was reset.</source>
        <translation>Das Passwort von {user} wurde zurückgesetzt.</translation>
    </message>
</context>
<context>
    <name>WithdrawEvidenceDialog</name>
    <message>
        <source>Withdraw {name}</source>
        <translation>{name} zurückziehen</translation>
    </message>
    <message>
        <source>{name} will be marked withdrawn (wrong case, added by mistake). The file and its history stay on record.</source>
        <translation>{name} wird als zurückgezogen markiert (falscher Fall, versehentlich hinzugefügt). Die Datei und ihr Verlauf bleiben erhalten.</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Grund:</translation>
    </message>
    <message>
        <source>&amp;Withdraw</source>
        <translation>&amp;Zurückziehen</translation>
    </message>
</context>
<context>
    <name>WithdrawRemedyDialog</name>
    <message>
        <source>Withdraw {ref}</source>
        <translation>{ref} zurückziehen</translation>
    </message>
    <message>
        <source>{ref} ({kind}, {amount}) will no longer be offered.</source>
        <translation>{ref} ({kind}, {amount}) wird nicht mehr angeboten.</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Grund:</translation>
    </message>
    <message>
        <source>&amp;Withdraw</source>
        <translation>&amp;Zurückziehen</translation>
    </message>
</context>
<context>
    <name>_TierMoveDialog</name>
    <message>
        <source>&amp;Hand to:</source>
        <translation>&amp;Übergeben an:</translation>
    </message>
    <message>
        <source>&amp;Reason (required):</source>
        <translation>&amp;Grund (erforderlich):</translation>
    </message>
    <message>
        <source>Nobody named: it goes to the {queue} queue</source>
        <translation>Niemand genannt: Er geht in die Warteschlange {queue}</translation>
    </message>
    <message>
        <source>{ref} moves from {old} to {new}, into that tier&apos;s queue.</source>
        <translation>{ref} wechselt von {old} zu {new}, in die Warteschlange dieser Stufe.</translation>
    </message>
    <message>
        <source>{who} no longer holds it.</source>
        <translation>{who} hat ihn nicht mehr.</translation>
    </message>
</context>
</TS>
