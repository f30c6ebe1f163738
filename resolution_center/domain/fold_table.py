"""Letters PostgreSQL's `unaccent` folds beyond taking accents off Latin letters.

Generated from PostgreSQL 15's unaccent rules (the `rc_search` configuration, schema step 7):
for each letter as `search_text.fold` leaves it (lower case, Latin accents off), what the server
makes of it in a word (ł -> l, ø -> o, ß -> ss, æ -> ae, ά -> α, ё -> е, ﬁ -> fi, full-width
letters...). Applied by `fold` too, so both backends fold alike; a test on a real server
(tests/storage/test_search_accents.py) holds this table to it. Each entry below is one letter
followed by what it becomes; entries are separated by spaces.
"""

from __future__ import annotations

_ENTRIES = """
ßss æae ðd øo þth đd ħh ıi ĳij ĸq ŀl łl ŋn œoe ŧt ſs ƀb ƃb ƈc ƌd ƒf ƕhv ƙk ƚl ƞn ƣoi ƥp
ƫt ƭt ƴy ƶz ǆdz ǉlj ǌnj ǥg ǳdz ȡd ȥz ȴl ȵn ȶt ȷj ȸdb ȹqp ȼc ȿs ɀz ɇe ɉj ɍr ɏy ɓb ɕc ɖd
ɗd ɛe ɟj ɠg ɡg ɢg ɦh ɧh ɨi ɩi ɪi ɫl ɬl ɭl ɱm ɲn ɳn ɴn ɶoe ɼr ɽr ɾr ʀr ʂs ʈt ʉu ʋv ʏy ʐz
ʑz ʙb ʛg ʜh ʝj ʟl ʠq ʣdz ʥdz ʦts ʪls ʫlz ΐι άα έε ήη ίι ΰυ ϊι ϋυ όο ύυ ώω ёе ᴀa ᴁae ᴃb
ᴄc ᴅd ᴆd ᴇe ᴊj ᴋk ᴌl ᴍm ᴏo ᴘp ᴛt ᴜu ᴠv ᴡw ᴢz ᵫue ᵬb ᵭd ᵮf ᵯm ᵰn ᵱp ᵲr ᵳr ᵴs ᵵt ᵶz ᵺth ᵻi
ᵽp ᵾu ᶀb ᶁd ᶂf ᶃg ᶄk ᶅl ᶆm ᶇn ᶈp ᶉr ᶊs ᶌv ᶍx ᶎz ᶏa ᶑd ᶒe ᶓe ᶖi ᶙu ẚa ẜs ẝs ỻll ỽv ỿy ἀα
ἁα ἂα ἃα ἄα ἅα ἆα ἇα ἐε ἑε ἒε ἓε ἔε ἕε ἠη ἡη ἢη ἣη ἤη ἥη ἦη ἧη ἰι ἱι ἲι ἳι ἴι ἵι ἶι ἷι
ὀο ὁο ὂο ὃο ὄο ὅο ὐυ ὑυ ὒυ ὓυ ὔυ ὕυ ὖυ ὗυ ὠω ὡω ὢω ὣω ὤω ὥω ὦω ὧω ὰα ὲε ὴη ὶι ὸο ὺυ ὼω
ᾀα ᾁα ᾂα ᾃα ᾄα ᾅα ᾆα ᾇα ᾐη ᾑη ᾒη ᾓη ᾔη ᾕη ᾖη ᾗη ᾠω ᾡω ᾢω ᾣω ᾤω ᾥω ᾦω ᾧω ᾰα ᾱα ᾲα ᾳα ᾴα
ᾶα ᾷα ῂη ῃη ῄη ῆη ῇη ῐι ῑι ῒι ῖι ῗι ῠυ ῡυ ῢυ ῤρ ῥρ ῦυ ῧυ ῲω ῳω ῴω ῶω ῷω ℂc ℊg ℋh ℌx ℍh
ℎh ℐi ℑi ℒl ℓl ℕn ℙp ℚq ℛr ℜr ℝr ℤz ℨz ℬb ℭc ℯe ℰe ℱf ℳm ℴo ℹi ⅅd ⅆd ⅇe ⅈi ⅉj ⅰi ⅱii
ⅲiii ⅳiv ⅴv ⅵvi ⅶvii ⅷviii ⅸix ⅹx ⅺxi ⅻxii ⅼl ⅽc ⅾd ⅿm ⱡl ⱥa ⱦt ⱨh ⱪk ⱬz ⱱv ⱳw ⱴv ⱸe ⱺo
ꜰf ꜱs ꜳaa ꜵao ꜷau ꜹav ꜻav ꜽay ꝁk ꝃk ꝅk ꝇl ꝉl ꝋo ꝍo ꝏoo ꝑp ꝓp ꝕp ꝗq ꝙq ꝟv ꝡvy ꝥth ꝧth ꝱd
ꝲl ꝳm ꝴn ꝵr ꝶr ꝷt ꝺd ꝼf ꞇt ꞑn ꞓc ꞡg ꞣk ꞥn ꞧr ꞩs ﬀff ﬁfi ﬂfl ﬃffi ﬄffl ﬅst ﬆst ａa ｂb ｃc
ｄd ｅe ｆf ｇg ｈh ｉi ｊj ｋk ｌl ｍm ｎn ｏo ｐp ｑq ｒr ｓs ｔt ｕu ｖv ｗw ｘx ｙy ｚz
"""

EXTRA_FOLDS: dict[str, str] = {entry[0]: entry[1:] for entry in _ENTRIES.split()}
