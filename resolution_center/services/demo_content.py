"""Fictional people, products, sellers and complaint texts that the demo database is built from."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..export import agreement_words

# Everything here is a tuple, never a set or a dict that is iterated to make choices, so one RNG
# seed always picks the same things in the same order.


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    phone_prefix: str
    phone_groups: tuple[int, ...]  # digits per group after the prefix, e.g. (3, 3, 3)
    currency: str
    carriers: tuple[str, ...]


COUNTRIES: tuple[Country, ...] = (
    Country("DE", "+49", (3, 4, 4), "EUR", ("DHL", "Hermes", "DPD")),
    Country("AT", "+43", (3, 3, 4), "EUR", ("Österreichische Post", "DPD")),
    Country("FR", "+33", (1, 2, 2, 2, 2), "EUR", ("Colissimo", "Chronopost", "DPD")),
    Country("ES", "+34", (3, 3, 3), "EUR", ("Correos", "SEUR", "GLS")),
    Country("IT", "+39", (3, 3, 4), "EUR", ("Poste Italiane", "BRT", "GLS")),
    Country("PT", "+351", (3, 3, 3), "EUR", ("CTT", "DPD")),
    Country("NL", "+31", (1, 4, 4), "EUR", ("PostNL", "DHL")),
    Country("BE", "+32", (3, 2, 2, 2), "EUR", ("bpost", "PostNL")),
    Country("IE", "+353", (2, 3, 4), "EUR", ("An Post", "DPD")),
    Country("PL", "+48", (3, 3, 3), "EUR", ("InPost", "DPD", "DHL")),
    Country("CZ", "+420", (3, 3, 3), "EUR", ("PPL", "Zásilkovna")),
    Country("HU", "+36", (2, 3, 4), "EUR", ("Magyar Posta", "GLS")),
    Country("RO", "+40", (3, 3, 3), "EUR", ("Fan Courier", "Sameday")),
    Country("HR", "+385", (2, 3, 4), "EUR", ("Hrvatska pošta", "GLS")),
    Country("SI", "+386", (2, 3, 3), "EUR", ("Pošta Slovenije", "GLS")),
    Country("GR", "+30", (3, 3, 4), "EUR", ("ELTA", "ACS")),
    Country("BG", "+359", (2, 3, 4), "EUR", ("Speedy", "Econt")),
    Country("LV", "+371", (4, 4), "EUR", ("Omniva", "DPD")),
    Country("FI", "+358", (2, 3, 4), "EUR", ("Posti", "Matkahuolto")),
    Country("SE", "+46", (2, 3, 2, 2), "EUR", ("PostNord", "Budbee")),
    Country("DK", "+45", (2, 2, 2, 2), "EUR", ("PostNord", "GLS")),
    Country("NO", "+47", (3, 2, 3), "EUR", ("Posten", "Bring")),
    Country("IS", "+354", (3, 4), "EUR", ("Pósturinn",)),
    Country("TR", "+90", (3, 3, 4), "EUR", ("Yurtiçi Kargo", "DHL")),
    Country("GB", "+44", (4, 6), "GBP", ("Royal Mail", "Evri", "DPD UK")),
    Country("US", "+1", (3, 3, 4), "USD", ("UPS", "USPS", "FedEx")),
    Country("JP", "+81", (2, 4, 4), "JPY", ("Yamato Transport", "Sagawa Express", "Japan Post")),
)


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    country: str
    # How the name is written in Latin letters when it is not (the e-mail address comes from it).
    latin: str = ""
    # Family name first (East Asian order): the given name, for greetings, is then the last part.
    family_first: bool = False


# The first three are named in the brief and the README; keep them.
PEOPLE: tuple[Person, ...] = (
    Person("Zoë Łukasiewicz-Ørsted", "DK"),
    Person("Σοφία Παπαδοπούλου", "GR", "Sofia Papadopoulou"),
    Person("Дмитрий Иванов", "LV", "Dmitriy Ivanov"),
    Person("Agnieszka Wójcik", "PL"),
    Person("Paweł Kowalczyk", "PL"),
    Person("Małgorzata Zielińska", "PL"),
    Person("Łukasz Dąbrowski", "PL"),
    Person("Katarzyna Szymańska", "PL"),
    Person("Γιώργος Νικολάου", "GR", "Giorgos Nikolaou"),
    Person("Ελένη Κωνσταντίνου", "GR", "Eleni Konstantinou"),
    Person("Νίκος Αλεξίου", "GR", "Nikos Alexiou"),
    Person("Анна Смирнова", "LV", "Anna Smirnova"),
    Person("Олена Шевченко", "PL", "Olena Shevchenko"),
    Person("Стефан Димитров", "BG", "Stefan Dimitrov"),
    Person("Мария Петрова", "BG", "Maria Petrova"),
    Person("Jürgen Müller", "DE"),
    Person("Anneliese Groß", "DE"),
    Person("Maximilian Schäfer", "DE"),
    Person("Lea Böhm", "DE"),
    Person("Özlem Yılmaz-Krause", "DE"),
    Person("Fabian Weiß", "DE"),
    Person("Theresa Pölzl", "AT"),
    Person("Lukas Hofbauer", "AT"),
    Person("Benoît Lefèvre", "FR"),
    Person("Céline Dubois", "FR"),
    Person("Anaïs Moreau", "FR"),
    Person("François Girard", "FR"),
    Person("Hélène Rousseau", "FR"),
    Person("Jérôme Faure", "FR"),
    Person("Youssef Benali", "FR"),
    Person("Leïla Haddad", "FR"),
    Person("José Ángel Martínez", "ES"),
    Person("Lucía Fernández García", "ES"),
    Person("Íñigo Etxeberria", "ES"),
    Person("Begoña Ruiz", "ES"),
    Person("Nuria Sánchez", "ES"),
    Person("Giulia Bianchi", "IT"),
    Person("Niccolò Esposito", "IT"),
    Person("Chiara Ferrari", "IT"),
    Person("Matteo Russo", "IT"),
    Person("Ilaria Colombo", "IT"),
    Person("João Gonçalves", "PT"),
    Person("Inês Carvalho", "PT"),
    Person("Conceição Araújo", "PT"),
    Person("Sanne de Vries", "NL"),
    Person("Daan van den Berg", "NL"),
    Person("Fleur Bakker", "NL"),
    Person("Bram Janssens", "BE"),
    Person("Eline Peeters", "BE"),
    Person("Siobhán Ó Briain", "IE"),
    Person("Aoife Murphy", "IE"),
    Person("Niamh O'Connor", "IE"),
    Person("Åsa Lindström", "SE"),
    Person("Björn Åkesson", "SE"),
    Person("Sigrid Følstad", "NO"),
    Person("Søren Kjærgaard", "DK"),
    Person("Mette Høj", "DK"),
    Person("Päivi Mäkinen", "FI"),
    Person("Jukka Häkkinen", "FI"),
    Person("Guðrún Sigurðardóttir", "IS"),
    Person("Þórður Jónsson", "IS"),
    Person("Tomáš Dvořák", "CZ"),
    Person("Kateřina Nováková", "CZ"),
    Person("Zoltán Kovács", "HU"),
    Person("Ágnes Szabó", "HU"),
    Person("Ioana Popescu", "RO"),
    Person("Ștefan Munteanu", "RO"),
    Person("Ivana Horvat", "HR"),
    Person("Matej Kovačič", "SI"),
    Person("Jelena Đorđević", "HR"),
    Person("Emre Çelik", "TR"),
    Person("Ayşe Doğan", "TR"),
    Person("Gökhan Şahin", "DE"),
    Person("Nguyễn Thị Hoa", "DE", "Hoa Nguyen"),
    Person("Trần Văn Minh", "FR", "Minh Tran"),
    Person("王芳", "NL", "Fang Wang"),
    Person("李伟", "DE", "Wei Li"),
    Person("김민준", "DE", "Minjun Kim"),
    Person("이서연", "FR", "Seoyeon Lee"),
    Person("Ananya Iyer", "DE"),
    Person("Rohan Mehta", "NL"),
    Person("Arjun Reddy", "IE"),
    Person("محمد العلي", "DE", "Mohammed Alali"),
    Person("فاطمة الزهراء بنعلي", "FR", "Fatima Benali"),
    Person("נועה כהן", "DE", "Noa Cohen"),
    Person("Chinwe Okonkwo", "IE"),
    Person("Oluwaseun Adeyemi", "NL"),
    Person("Thandiwe Ndlovu", "NL"),
    Person("Camila Rodríguez", "ES"),
    Person("Mateo González", "ES"),
    Person("Oliver Bennett", "GB"),
    Person("Priya Patel", "GB"),
    Person("Hamish MacLeod", "GB"),
    Person("Chloe Atkinson", "GB"),
    Person("Rhys Llewellyn", "GB"),
    Person("Fatima Hussain", "GB"),
    Person("Kwame Mensah", "GB"),
    Person("Eleanor Whitfield", "GB"),
    Person("Emily Johnson", "US"),
    Person("Marcus Williams", "US"),
    Person("Sofía Ramírez", "US"),
    Person("Tyler Nguyen", "US"),
    Person("Jasmine Carter", "US"),
    Person("Daniel Kim", "US"),
    Person("Rachel Goldberg", "US"),
    Person("DeShawn Brooks", "US"),
    Person("Mei-Ling Chen", "US"),
    Person("Carlos Herrera", "US"),
    Person("Hannah Schmidt", "US"),
    Person("山田 太郎", "JP", "Taro Yamada", True),
    Person("佐藤 花子", "JP", "Hanako Sato", True),
    Person("鈴木 健一", "JP", "Kenichi Suzuki", True),
    Person("高橋 美咲", "JP", "Misaki Takahashi", True),
    Person("伊藤 翔", "JP", "Sho Ito", True),
    Person("渡辺 由美", "JP", "Yumi Watanabe", True),
    Person("中村 大輔", "JP", "Daisuke Nakamura", True),
    Person("Henrik Lund", "SE"),
    Person("Elif Arslan", "DE"),
    Person("Marta Nowak", "PL"),
    Person("Viktor Horváth", "HU"),
    Person("Petra Novotná", "CZ"),
    Person("Clara Schneider", "AT"),
    Person("Pierre-Louis Chevalier", "FR"),
    Person("Amélie Laurent", "BE"),
    Person("Gabriele Romano", "IT"),
    Person("Francesca De Luca", "IT"),
    Person("Rafael Oliveira", "PT"),
    Person("Laia Puig", "ES"),
    Person("Emma Virtanen", "FI"),
    Person("Freja Nielsen", "DK"),
    Person("Ingrid Bakke", "NO"),
    Person("Daniela Ionescu", "RO"),
    Person("Tamar Levi", "NL"),
    Person("Svetlana Kuznetsova", "LV"),
    Person("Andrés Castillo", "ES"),
    Person("Wiktoria Lewandowska", "PL"),
    Person("Ryan O'Sullivan", "IE"),
    Person("Grace Thompson", "GB"),
    Person("Ethan Brown", "US"),
    Person("Olivia Martinez", "US"),
    Person("Kateryna Bondarenko", "CZ"),
    Person("Jakub Wiśniewski", "PL"),
    Person("Zofia Kamińska", "PL"),
    Person("Bartosz Grabowski", "PL"),
    Person("Αθηνά Γεωργίου", "GR", "Athina Georgiou"),
    Person("Κώστας Οικονόμου", "GR", "Kostas Oikonomou"),
    Person("Иван Соколов", "BG", "Ivan Sokolov"),
    Person("Наталья Морозова", "LV", "Natalya Morozova"),
    Person("Andriy Melnyk", "PL"),
    Person("Sebastian Krüger", "DE"),
    Person("Johanna Weber", "DE"),
    Person("Moritz Hoffmann", "DE"),
    Person("Friederike Löwe", "DE"),
    Person("Tobias Brenner", "AT"),
    Person("Magdalena Steiner", "AT"),
    Person("Élodie Marchand", "FR"),
    Person("Grégoire Lambert", "FR"),
    Person("Manon Bernard", "FR"),
    Person("Noémie Fontaine", "BE"),
    Person("Sergio Domínguez", "ES"),
    Person("Ainhoa Larrañaga", "ES"),
    Person("Pau Vilà", "ES"),
    Person("Alessandro Ricci", "IT"),
    Person("Federica Galli", "IT"),
    Person("Lorenzo Marino", "IT"),
    Person("Beatriz Sousa", "PT"),
    Person("Tiago Ferreira", "PT"),
    Person("Joost Visser", "NL"),
    Person("Lotte Mulder", "NL"),
    Person("Wout Claes", "BE"),
    Person("Ciarán Byrne", "IE"),
    Person("Saoirse Kelly", "IE"),
    Person("Linnéa Berg", "SE"),
    Person("Oskar Sjöberg", "SE"),
    Person("Kristoffer Hansen", "NO"),
    Person("Astrid Solberg", "NO"),
    Person("Mikkel Rasmussen", "DK"),
    Person("Aino Korhonen", "FI"),
    Person("Eero Lehtonen", "FI"),
    Person("Jón Gunnarsson", "IS"),
    Person("Ondřej Svoboda", "CZ"),
    Person("Lucie Černá", "CZ"),
    Person("Réka Tóth", "HU"),
    Person("Bence Nagy", "HU"),
    Person("Andrei Dumitrescu", "RO"),
    Person("Maja Kovačević", "HR"),
    Person("Luka Novak", "SI"),
    Person("Deniz Aydın", "TR"),
    Person("Zeynep Kaya", "TR"),
    Person("Büşra Öztürk", "DE"),
    Person("Samir Khalil", "FR"),
    Person("Amira Mansour", "NL"),
    Person("Kofi Asante", "GB"),
    Person("Aisha Bello", "GB"),
    Person("Callum Fraser", "GB"),
    Person("Sophie Turner-Hayes", "GB"),
    Person("Gareth Price", "GB"),
    Person("Harriet Cole", "GB"),
    Person("Jamal Ahmed", "GB"),
    Person("Brittany Evans", "US"),
    Person("Kevin O'Brien", "US"),
    Person("Lakshmi Narayanan", "US"),
    Person("Jessica Alvarez", "US"),
    Person("Michael Rossi", "US"),
    Person("Ashley Park", "US"),
    Person("Brandon Lee", "US"),
    Person("小林 直樹", "JP", "Naoki Kobayashi", True),
    Person("加藤 恵", "JP", "Megumi Kato", True),
    Person("吉田 蓮", "JP", "Ren Yoshida", True),
    Person("松本 さくら", "JP", "Sakura Matsumoto", True),
    Person("陈静", "DE", "Jing Chen"),
    Person("박지훈", "NL", "Jihoon Park"),
    Person("Lê Thu Trang", "FR", "Trang Le"),
    Person("Siddharth Rao", "IE"),
    Person("Meera Pillai", "GB"),
    Person("Nadia Rahman", "SE"),
    Person("Yasmin Darwish", "DE"),
    Person("Omar Haddad", "BE"),
    Person("Efua Boateng", "NL"),
    Person("Tendai Moyo", "IE"),
    Person("Valentina Cruz", "ES"),
    Person("Diego Morales", "US"),
    Person("Isabella Costa", "PT"),
)

EMAIL_DOMAINS = ("example.com", "example.net", "example.org", "mail.example", "post.example")

# Letters that Unicode does not decompose into a base letter plus accents.
_FOLD = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "Ae",
        "œ": "oe",
        "Œ": "Oe",
        "ß": "ss",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "Th",
        "ı": "i",
    }
)
_PARTICLES = ("de", "van", "den", "der", "da", "di", "del", "le", "la", "o", "von", "al", "el")


def ascii_fold(text: str) -> str:
    """'Zoë Łukasiewicz-Ørsted' -> 'Zoe Lukasiewicz-Orsted': accents dropped, letters kept."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def email_parts(person: Person) -> tuple[str, str]:
    """(given, family) in Latin letters, lower case, fit for an e-mail address."""
    latin = person.latin or person.name
    words = [re.sub(r"[^a-z0-9-]", "", w) for w in ascii_fold(latin).lower().split()]
    words = [w for w in words if w]
    if len(words) == 1:
        return words[0], ""
    given, rest = words[0], words[1:]
    # Keep particles with the family name ('vandenberg'), drop middle given names ('jose angel').
    family = rest[-1]
    for word in reversed(rest[:-1]):
        if word in _PARTICLES:
            family = word + family
        else:
            break
    return given, family


def given_name(person: Person) -> str:
    """The name a message greets or is signed with."""
    parts = person.name.split()
    if len(parts) == 1:
        return person.name
    return parts[-1] if person.family_first else parts[0]


@dataclass(frozen=True, slots=True)
class Seller:
    code: str
    name: str


SELLERS: tuple[Seller, ...] = (
    Seller("NLE", "Nordlicht Elektronik GmbH"),
    Seller("MLU", "Maison Lumière SARL"),
    Seller("CVH", "Casa Verde Hogar S.L."),
    Seller("BOS", "Baltic Outdoor Supply"),
    Seller("PXP", "PixelPeak Gadgets Ltd"),
    Seller("KYK", "Kyoto Kitchenworks"),
    Seller("FJF", "Fjord & Fell AS"),
    Seller("ATS", "Atlas Sportswear"),
    Seller("BCI", "Bella Cucina Italia"),
    Seller("LMH", "Lumo Home Oy"),
    Seller("STH", "StreamHub Media"),
    Seller("BCE", "Brew Club Europe"),
)
_SELLER_BY_CODE = {s.code: s for s in SELLERS}


@dataclass(frozen=True, slots=True)
class Product:
    sku: str
    name: str
    eur_minor: int  # list price in euro cents; other currencies are derived from it
    kinds: tuple[str, ...]

    @property
    def seller(self) -> str:
        return _SELLER_BY_CODE[self.sku.split("-", 1)[0]].name


# kinds: electrical, battery (rechargeable), mains (plugged in: can spark or burn), display,
# multipart, fragile, wearable, sewn, general; subscription (billed repeatedly, never shipped).
PRODUCTS: tuple[Product, ...] = (
    Product("NLE-PB-20000", "PowerCore 20,000 mAh power bank", 3999, ("electrical", "battery")),
    Product("NLE-CH-65W", "65 W USB-C GaN charger", 2999, ("electrical", "mains")),
    Product("NLE-HP-ANC7", "Aurora ANC7 wireless headphones", 14999, ("electrical", "battery")),
    Product("NLE-SPK-BT", "Pocket Bluetooth speaker", 5990, ("electrical", "battery")),
    Product(
        "PXP-SW-GT4",
        "PulseFit GT4 smartwatch",
        19900,
        ("electrical", "battery", "display", "wearable"),
    ),
    Product("PXP-CAM-2K", "HomeEye 2K indoor security camera", 4999, ("electrical",)),
    Product("PXP-EB-36V", "36 V e-bike battery pack, 13 Ah", 38900, ("electrical", "battery")),
    Product(
        "PXP-TAB-11",
        'Nova 11" tablet, 128 GB',
        32900,
        ("electrical", "battery", "display", "fragile"),
    ),
    Product("PXP-KBD-MX", "Mechanical keyboard, ISO-DE layout", 10900, ("electrical",)),
    Product(
        "MLU-LMP-ARC",
        "Arc floor lamp, brushed brass",
        12900,
        ("electrical", "fragile", "multipart"),
    ),
    Product("MLU-MIR-80", "Round wall mirror, 80 cm", 8900, ("fragile",)),
    Product("MLU-VAS-SET", "Hand-blown glass vase set (3 pcs)", 5900, ("fragile",)),
    Product("CVH-SOF-3P", "Three-seat sofa, linen, sand colour", 89900, ("multipart",)),
    Product(
        "CVH-DSK-140", "Height-adjustable desk 140 × 70 cm", 42900, ("electrical", "multipart")
    ),
    Product("CVH-BED-160", "Oak bed frame 160 × 200 cm", 54900, ("multipart",)),
    Product("KYK-KNF-SET", "Damascus steel knife set (5 pcs)", 24900, ("general",)),
    Product("KYK-RC-18", "Induction rice cooker 1.8 l", 13900, ("electrical", "mains")),
    Product("KYK-KET-GL", "Glass electric kettle 1.7 l", 4490, ("electrical", "mains", "fragile")),
    Product(
        "BCI-ESP-DUO",
        "Duo espresso machine with milk frother",
        32900,
        ("electrical", "mains", "multipart", "fragile"),
    ),
    Product("BCI-PAN-28", "Cast-iron frying pan 28 cm", 5490, ("general",)),
    Product("BCI-PST-MKR", "Pasta maker with 6 attachments", 7990, ("multipart",)),
    Product("LMH-HTR-2K", "2000 W ceramic fan heater", 6990, ("electrical", "mains")),
    Product(
        "LMH-VAC-R9",
        "R9 robot vacuum with mopping pad",
        29900,
        ("electrical", "battery", "multipart"),
    ),
    Product("LMH-DUV-220", "Down duvet 200 × 220 cm", 11900, ("general", "sewn")),
    Product("LMH-HDR-PRO", "Ionic hair dryer 2200 W", 5990, ("electrical", "mains")),
    Product("BOS-TNT-4P", "Four-person dome tent", 18900, ("multipart", "sewn")),
    Product("BOS-JKT-DWN", "Down winter jacket, size M", 17900, ("wearable", "sewn")),
    Product("BOS-BOOT-42", "Waterproof hiking boots, EU 42", 12900, ("wearable",)),
    Product("FJF-BAG-48", "Wool-blend travel backpack 48 l", 9900, ("general", "sewn")),
    Product("FJF-SCF-MER", "Merino scarf, forest green", 4900, ("wearable", "sewn")),
    Product("ATS-SHO-RUN", "Trail running shoes, EU 39", 11900, ("wearable", "sewn")),
    Product("ATS-YOG-6MM", "Yoga mat 6 mm, non-slip", 3490, ("general",)),
    Product("ATS-DBL-20", "Adjustable dumbbells 2 × 20 kg", 21900, ("multipart",)),
    Product("ATS-HLM-M", "Cycling helmet with MIPS, size M", 8990, ("general",)),
    Product("STH-SUB-PRM", "StreamHub Premium, monthly plan", 1299, ("subscription",)),
    Product("STH-SUB-FAM", "StreamHub Family, annual plan", 14999, ("subscription",)),
    Product("BCE-SUB-2KG", "Coffee subscription, 2 kg per month", 3990, ("subscription",)),
    Product("LMH-SUB-FLT", "Water filter auto-replenishment, quarterly", 2490, ("subscription",)),
    Product("PXP-SUB-CLD", "PixelPeak Cloud 2 TB storage plan", 999, ("subscription",)),
)


def price_in(eur_minor: int, currency: str) -> int:
    """A shelf price in the currency's minor units: .99 endings, yen in round tens."""
    if currency == "JPY":
        # 1 EUR is about 160 JPY, so cents * 1.6 are yen; JPY has no minor unit.
        return max(100, round(eur_minor * 1.6 / 100) * 100 - 20)
    factor = {"EUR": 1.0, "USD": 1.09, "GBP": 0.86}[currency]
    whole = max(1, round(eur_minor * factor / 100))
    return whole * 100 - 1


SHIPPING_MINOR = {"EUR": 499, "USD": 599, "GBP": 399, "JPY": 600}
FREE_SHIPPING_FROM = {"EUR": 5000, "USD": 5500, "GBP": 4500, "JPY": 8000}
MONTHS = agreement_words.MONTHS[agreement_words.ENGLISH]  # not strftime('%B'): the locale's

# ---- case texts ------------------------------------------------------------------------------
# Placeholders: {first} customer's given name, {product} {sku} {seller} {order} {amount} (order
# total) {carrier} {tracking} {days} and {months} (since the order) {placed} (order date,
# '3 November').
# Keys are (category, subcategory); "" is a case filed without a subcategory.

Template = tuple[str, str]  # (subject, description)

# What kind of product a text is about (see PRODUCTS), by its subject; others use the default of
# their category, and failing that any product that is shipped.
TEXT_KINDS: dict[str, str] = {
    "Question about the {product} before I order": "mains",
    "Which dimensions of the {product} are correct?": "multipart",
    "Item in the box does not match the listing ({sku})": "electrical",
    "Order {order}: wrong size delivered": "wearable",
    "{product} arrived without the power adapter": "electrical",
    "Parts missing from the {product}: cannot assemble it": "multipart",
    "Parcel delivered torn open, {product} scratched": "electrical",
    "{product} makes a loud grinding noise": "mains",
    "Display of the {product} flickers and goes black": "display",
    "Seam on the {product} came apart after two weeks": "sewn",
    "Warranty claim: {product} broken after {months} months": "battery",
    "{product} overheated and melted": "battery",
    "Sparks from the {product} when switched on": "mains",
    "Battery of the {product} is swelling": "battery",
    "Counterfeit {product} received": "electrical",
}
# Texts that only make sense for an order of more than one item.
SEVERAL_ITEMS: tuple[str, ...] = ("Order {order}: one item missing from the parcel",)
DEFAULT_KINDS: dict[tuple[str, str], str] = {
    ("shipping-problem", "damaged-in-transit"): "fragile",
    ("order-issue", "missing-component"): "multipart",
    ("billing-dispute", "subscription-charge"): "subscription",
    ("product-defect", ""): "electrical",
    ("warranty-claim", ""): "electrical",
}

CASE_TEXTS: dict[tuple[str, str], tuple[Template, ...]] = {
    ("pre-sale-inquiry", "product-information"): (
        (
            "Question about the {product} before I order",
            "Hello,\n\nbefore I buy the {product} (listing {sku}) from {seller}: the text says it "
            "works on 230 V, but two of the photos show a US plug. Will it come with an EU plug, "
            "or do I need an adapter?\n\nThanks,\n{first}",
        ),
        (
            "Which dimensions of the {product} are correct?",
            "Hi, the product page of the {product} gives one size in the description and a "
            "different one in the specification table. I only have 42 cm of space, so this "
            "matters. Which one is right?\n\nRegards, {first}",
        ),
        (
            "Is the {product} new or refurbished?",
            "The listing from {seller} says 'like new' in the title and 'new' in the details. I "
            "want a new, sealed unit with the full manufacturer warranty. Can you confirm before "
            "I pay?\n\n{first}",
        ),
        (
            "Does the {product} come with an invoice showing VAT?",
            "I would like to buy the {product} for my small business and need an invoice with the "
            "seller's VAT number. {seller} does not answer my question on the listing. Can you "
            "help?\n\nBest, {first}",
        ),
    ),
    ("pre-sale-inquiry", "availability"): (
        (
            "When will the {product} be back in stock?",
            "Hello, the {product} ({sku}) has shown 'temporarily unavailable' for three weeks. Is "
            "{seller} getting new stock, and can I be notified? I do not want to buy from a "
            "reseller at twice the price.\n\n{first}",
        ),
        (
            "{product} shows in stock but the basket says unavailable",
            "The product page says 'in stock, ships in 24 h' but when I add the {product} to my "
            "basket it says the item is not available for delivery to my country. Which one is "
            "true?\n\nThank you, {first}",
        ),
        (
            "Can I pre-order the {product}?",
            "I saw that the {product} is announced for next month. Is there a way to reserve one "
            "now? Last time it sold out in a day.\n\n{first}",
        ),
    ),
    ("pre-sale-inquiry", ""): (
        (
            "Delivery options before I place an order",
            "Hi, I am away for two weeks from next Monday. If I order the {product} now, can "
            "{seller} deliver to a parcel locker instead of my home address?\n\nThanks, {first}",
        ),
    ),
    ("order-issue", "wrong-item"): (
        (
            "Received the wrong item instead of the {product}",
            "I ordered the {product} (order {order}) but the parcel contained something "
            "completely different: a set of kitchen towels. The packing slip shows my order "
            "number, so the mix-up happened at the warehouse. Please send the right item, I need "
            "it by next week.\n\n{first}",
        ),
        (
            "Order {order}: wrong size delivered",
            "Hello, I ordered the {product} in the size shown on my order confirmation, but the "
            "label in the parcel shows a different size. The bag was still sealed. How do I get "
            "the correct one without paying for the return?\n\nRegards, {first}",
        ),
        (
            "Item in the box does not match the listing ({sku})",
            "The product I received under order {order} looks like an older model than the "
            "{product} in the listing: different colour and no USB-C port. I paid for the one in "
            "the pictures.\n\n{first}",
        ),
    ),
    ("order-issue", "missing-component"): (
        (
            "{product} arrived without the power adapter",
            "The box of the {product} (order {order}) has an empty slot where the power adapter "
            "should be. The manual lists it as included. I cannot use the product at all without "
            "it.\n\n{first}",
        ),
        (
            "Parts missing from the {product}: cannot assemble it",
            "Assembling the {product} today I found that bag C with the screws and the two "
            "brackets is missing. Everything else is there. Can {seller} send the missing parts "
            "quickly? The old one is already gone.\n\nThanks, {first}",
        ),
        (
            "Order {order}: one item missing from the parcel",
            "My order {order} had two items but the parcel only contained one. The weight on the "
            "{carrier} label matches just one item, so it was never packed.\n\n{first}",
        ),
    ),
    ("order-issue", ""): (
        (
            "Problem with my order {order}",
            "Hello, something is wrong with order {order}: the confirmation e-mail shows the "
            "{product} twice, but I only wanted one. Can you correct it before it ships?\n\n"
            "{first}",
        ),
    ),
    ("shipping-problem", "delay"): (
        (
            "Order {order} still not delivered after {days} days",
            "I ordered the {product} on {placed}. Delivery was promised within 3-5 working days, "
            "it has now been {days} days. The {carrier} tracking ({tracking}) has said 'in "
            "transit' for a week.\n\n{first}",
        ),
        (
            "Tracking {tracking} has not moved for a week",
            "Hello, the parcel for order {order} left the {seller} warehouse on {placed} and the "
            "tracking has not changed since. {carrier} tells me to ask the sender. Where is my "
            "{product}?\n\nRegards, {first}",
        ),
        (
            "Delivery date passed, the {product} is not here",
            "The delivery date shown at checkout has passed and the {product} still has not "
            "arrived. I need it for a birthday this weekend. If it cannot arrive in time I would "
            "rather cancel.\n\n{first}",
        ),
    ),
    ("shipping-problem", "damaged-in-transit"): (
        (
            "{product} arrived damaged",
            "The box was crushed on one corner and the {product} inside is broken. I took photos "
            "of the box and the product before throwing anything away. The {carrier} driver left "
            "the parcel at the door without asking for a signature.\n\n{first}",
        ),
        (
            "Parcel delivered torn open, {product} scratched",
            "My parcel for order {order} arrived with the tape cut and the outer box torn. The "
            "{product} has deep scratches on the front and the protective film is gone. I did "
            "not pay {amount} for a used-looking product.\n\n{first}",
        ),
        (
            "Broken glass in the parcel for order {order}",
            "When I opened the parcel I heard glass rattling. The {product} is shattered, there "
            "was almost no padding in the box. Please advise, I kept everything.\n\n{first}",
        ),
    ),
    ("shipping-problem", "lost"): (
        (
            "Tracking says delivered but I never received order {order}",
            "According to {carrier} my parcel {tracking} was delivered yesterday at 14:02, but "
            "nothing arrived. I was at home all day, my neighbours have nothing and there is no "
            "notice in the letterbox.\n\n{first}",
        ),
        (
            "{carrier} lost my parcel {tracking}",
            "{carrier} has confirmed by phone that my parcel with the {product} is lost in their "
            "network and that the sender has to file the claim. {seller} does not answer me. "
            "Please help.\n\n{first}",
        ),
        (
            "Parcel returned to the sender without a delivery attempt",
            "The tracking for order {order} shows 'returned to sender: address not found', but "
            "the address is correct and other parcels arrive fine. I still want the {product}."
            "\n\n{first}",
        ),
    ),
    ("product-defect", ""): (
        (
            "{product} stopped working after {days} days",
            "My {product} worked fine at first, but since yesterday it does not switch on at "
            "all. I tried another socket and a different cable. Order {order}, bought from "
            "{seller}.\n\n{first}",
        ),
        (
            "{product} makes a loud grinding noise",
            "After a few days of normal use the {product} started making a loud grinding noise "
            "and now smells of hot plastic when running. I have a video of it.\n\n{first}",
        ),
        (
            "Display of the {product} flickers and goes black",
            "The screen of my {product} flickers and then goes black several times a day. A "
            "factory reset did not help. I would like a replacement, not a repair.\n\n{first}",
        ),
        (
            "Seam on the {product} came apart after two weeks",
            "The {product} I bought under order {order} is falling apart: the main seam opened "
            "after two weeks of ordinary use. This is a manufacturing fault.\n\n{first}",
        ),
    ),
    ("return-refund", ""): (
        (
            "Refund not received for the returned {product}",
            "I sent the {product} back with {carrier}, tracking {tracking}. The tracking shows it "
            "was delivered to {seller} more than two weeks ago, but I still have not received my "
            "refund of {amount}.\n\n{first}",
        ),
        (
            "Seller refuses my return within 14 days",
            "I want to return the {product} (order {order}) within the 14-day withdrawal period. "
            "{seller} replies that opened items cannot be returned. As far as I know that is not "
            "legal in the EU.\n\n{first}",
        ),
        (
            "Return label for order {order} does not work",
            "The return label I downloaded for order {order} is rejected at the {carrier} drop-off "
            "point: they say the barcode is invalid. How do I send the {product} back?\n\n{first}",
        ),
        (
            "Only a partial refund for order {order}",
            "I returned the {product} complete and unused, but {seller} refunded only part of "
            "the {amount} and deducted a 'restocking fee' that was never mentioned.\n\n{first}",
        ),
    ),
    ("warranty-claim", ""): (
        (
            "Warranty claim: {product} broken after {months} months",
            "My {product} (order {order}, bought on {placed}) has stopped charging. It is still "
            "within the two-year guarantee. {seller} tells me to contact the manufacturer in "
            "another country. I bought it from them.\n\n{first}",
        ),
        (
            "Seller ignores my warranty request for the {product}",
            "I reported the fault in my {product} to {seller} three weeks ago with photos and "
            "the invoice. No answer despite two reminders.\n\n{first}",
        ),
        (
            "Repaired {product} failed again",
            "The {product} came back from a warranty repair last month and now has exactly the "
            "same fault. I do not want a second repair; I want a replacement or my money back."
            "\n\n{first}",
        ),
    ),
    ("billing-dispute", "duplicate-charge"): (
        (
            "Charged twice for order {order}",
            "My bank statement shows two identical payments of {amount} on {placed} for order "
            "{order}. I placed only one order. Please refund the duplicate.\n\n{first}",
        ),
        (
            "Double payment after the checkout error",
            "The checkout showed an error, so I paid again. Now both payments of {amount} went "
            "through but I only have one order ({order}).\n\n{first}",
        ),
    ),
    ("billing-dispute", "unrecognised-charge"): (
        (
            "Unknown charge of {amount} on my card",
            "There is a charge of {amount} from your marketplace on my card that I do not "
            "recognise. The only order I can see in my account is {order}, and I already paid "
            "for that one.\n\n{first}",
        ),
        (
            "What is this payment to {seller}?",
            "I see a payment to {seller} via your platform that I cannot match to anything I "
            "bought. Please tell me what it is for, or refund it.\n\n{first}",
        ),
    ),
    ("billing-dispute", "subscription-charge"): (
        (
            "Charged for the {product} after cancelling",
            "I cancelled my {product} on {placed} and have the confirmation e-mail. I was still "
            "charged {amount} this month. Please refund it and make sure it stops.\n\n{first}",
        ),
        (
            "Subscription renewed without any notice",
            "The {product} renewed automatically for {amount} without the reminder e-mail "
            "promised when I signed up. I do not want to continue.\n\n{first}",
        ),
        (
            "Price of my {product} went up without notice",
            "My {product} used to cost less; this month I was charged {amount}. Nobody told me "
            "about a price change. I want the difference back.\n\n{first}",
        ),
    ),
    ("billing-dispute", ""): (
        (
            "Invoice total differs from the checkout price",
            "The invoice for order {order} shows {amount}, but the checkout showed a lower "
            "price with the voucher applied. The voucher discount is missing.\n\n{first}",
        ),
    ),
    ("fraud-suspicion", ""): (
        (
            "Someone placed an order with my account",
            "I received a confirmation for order {order} ({product}, {amount}) that I did not "
            "place. The delivery address is not mine. I have already changed my password. "
            "Please stop the order.\n\n{first}",
        ),
        (
            "Seller asked me to pay outside the platform",
            "{seller} wrote to me that the {product} is cheaper if I pay by bank transfer "
            "directly. That looks like a scam. I have screenshots of the messages.\n\n{first}",
        ),
        (
            "Phishing e-mail pretending to be from {seller}",
            "I got an e-mail that looks like it comes from {seller} about order {order}, with a "
            "link asking for my card details 'to release the parcel'. It knows my order number!"
            "\n\n{first}",
        ),
        (
            "Counterfeit {product} received",
            "The {product} I received is clearly a fake: misspelt brand on the box, no serial "
            "number, and it weighs half of the original. The listing promised genuine goods."
            "\n\n{first}",
        ),
    ),
}

# A defect that endangers someone: the intake ticks the safety-hazard box.
SAFETY_TEXTS: tuple[Template, ...] = (
    (
        "{product} overheated and melted",
        "While charging, my {product} became so hot I could not touch it and the plastic around "
        "the port melted. There was a burning smell. I unplugged it at once. My child was in the "
        "room. This is dangerous, please stop selling these.\n\n{first}",
    ),
    (
        "Sparks from the {product} when switched on",
        "When I switched on the {product} there was a bang and sparks came out of the back. "
        "The fuse in the flat tripped. Order {order}.\n\n{first}",
    ),
    (
        "Battery of the {product} is swelling",
        "The case of my {product} has bulged open because the battery swelled up. I put it on "
        "the balcony on a stone tile. How do I send a swollen battery back safely?\n\n{first}",
    ),
)

GENERIC_TEXTS: tuple[Template, ...] = (
    (
        "Problem with order {order}",
        "Hello, I have a problem with my order {order} from {seller} and would like someone to "
        "look at it.\n\n{first}",
    ),
)

# Filed under the wrong category at intake and corrected by the specialist: (wrong, right).
MISFILED: tuple[tuple[str, str], ...] = (
    ("order-issue", "shipping-problem"),
    ("shipping-problem", "order-issue"),
    ("return-refund", "warranty-claim"),
    ("warranty-claim", "product-defect"),
    ("return-refund", "billing-dispute"),
    ("pre-sale-inquiry", "order-issue"),
)

# ---- what staff write ------------------------------------------------------------------------
# Extra placeholders: {agent} the writer's given name, {name} the customer's full name.

FIRST_RESPONSE = (
    "Dear {name},\n\nthank you for your message about {order}. I am {agent} and I will "
    "look after your case from now on. {line}\n\nKind regards,\n{agent}\nResolution Center"
)
FIRST_RESPONSE_LINES: dict[str, tuple[str, ...]] = {
    "pre-sale-inquiry": (
        "I have asked {seller} for the exact specifications and will come back to you today.",
        "Let me check this with {seller} before you order, so you get a reliable answer.",
    ),
    "order-issue": (
        "I am sorry the order was not right. I have asked {seller} to check the packing record.",
        "I have flagged the order with {seller}; please keep the packaging for now.",
    ),
    "shipping-problem": (
        "I have asked {carrier} to investigate the parcel {tracking} and will update you as soon "
        "as I hear back.",
        "I have opened a trace with {carrier}; these usually take two to three working days.",
    ),
    "product-defect": (
        "I am sorry about the fault. Please do not use the {product} until we have sorted this "
        "out.",
        "Could you send a short video or photo of the fault? It speeds up the seller's review.",
    ),
    "return-refund": (
        "I have asked {seller} to confirm when your return was checked in.",
        "Under the marketplace rules a return within 14 days is your right; I am on it.",
    ),
    "warranty-claim": (
        "The {product} is within the two-year legal guarantee, so the seller must deal with it.",
        "I have passed your claim to {seller} and asked for a repair or replacement offer.",
    ),
    "billing-dispute": (
        "I have asked our payments team to look at the charge of {amount}.",
        "I can see the charge and I am checking which order it belongs to.",
    ),
    "fraud-suspicion": (
        "For your safety we have locked the account and stopped all open orders. Please do not "
        "click any links in messages about this order.",
        "We take this seriously. Our trust and safety team is reviewing the account now.",
    ),
}

INTERNAL_NOTES: dict[str, tuple[str, ...]] = {
    "": (
        "Checked the order history: first complaint from this customer about {seller}.",
        "Called the customer back, no answer; left a voicemail with the case reference.",
        "Customer is polite and patient so far; promised an update by tomorrow.",
        "Order details match what the customer describes.",
    ),
    "pre-sale-inquiry": (
        "Asked {seller} via the seller portal for the spec sheet of {sku}.",
        "{seller} confirms the listing text is wrong; asked them to correct it.",
    ),
    "order-issue": (
        "Warehouse confirms a picking error on {placed}; several orders from that shift affected.",
        "{seller} has stock of the missing part and can ship it separately.",
    ),
    "shipping-problem": (
        "Opened an investigation with {carrier} (ref {tracking}); they answer within 5 working "
        "days.",
        "{carrier} GPS scan shows the parcel was delivered 2 km from the customer's address.",
        "Parcel weight at drop-off matches; damage happened in the carrier network.",
    ),
    "product-defect": (
        "{seller} confirms a known fault in this batch of {sku}; replacement stock available.",
        "Video from the customer clearly shows the fault; no sign of misuse.",
    ),
    "return-refund": (
        "Return arrived at the seller's warehouse per tracking; the refund was not triggered "
        "because the return was not scanned in.",
        "{seller}'s restocking fee is not in their published return policy.",
    ),
    "warranty-claim": (
        "Purchase date {placed} is within the 2-year legal guarantee; seller must remedy.",
        "{seller} offers a repair; the customer prefers a replacement. Checking options.",
    ),
    "billing-dispute": (
        "Payment provider shows two captures of {amount}; the second is not linked to an order.",
        "Charge belongs to the customer's {product}; renewal e-mail was sent but may have gone "
        "to spam.",
    ),
    "fraud-suspicion": (
        "Account locked, password reset forced, payments team informed.",
        "Same delivery address used by three other accounts this week; flagged to trust and "
        "safety.",
        "Reported the seller's off-platform payment request to seller compliance.",
    ),
}

CUSTOMER_REPLIES: dict[str, tuple[str, ...]] = {
    "": (
        "Customer replied by e-mail with photos of the item and the packaging.",
        "Customer sent the serial number and a copy of the invoice.",
        "Customer replied: prefers a refund over a replacement.",
        "Customer replied in chat: a replacement is fine, no refund needed.",
    ),
    "pre-sale-inquiry": ("Customer replied: will order as soon as we confirm.",),
    "shipping-problem": (
        "Customer called: the parcel is not with the neighbours either.",
        "Customer confirms the delivery address and a safe place for the parcel.",
        "Customer sent photos of the crushed box and the label.",
    ),
    "billing-dispute": (
        "Customer sent a screenshot of the bank statement showing the charges.",
        "Customer forwarded the cancellation confirmation e-mail.",
    ),
    "fraud-suspicion": (
        "Customer confirms they did not share the password; two-step login now active.",
        "Customer sent screenshots of the seller's messages.",
    ),
}

WAITING_CUSTOMER_REASONS: tuple[str, ...] = (
    "Asked the customer for photos of the item and the packaging",
    "Waiting for the customer to confirm the delivery address",
    "Need the serial number from the label on the device",
    "Asked for a bank statement showing the charge",
    "Customer to send the return tracking number",
    "Offered a replacement or a refund; waiting for the customer's choice",
)

WAITING_THIRD_PARTY_REASONS: dict[str, tuple[str, ...]] = {
    "": ("Waiting for {seller} to answer in the seller portal",),
    "pre-sale-inquiry": ("Waiting for {seller} to confirm stock and specifications",),
    "order-issue": ("{seller} is checking the packing record in the warehouse",),
    "shipping-problem": (
        "Carrier investigation opened with {carrier}",
        "Waiting for {carrier} to confirm the GPS position of the delivery scan",
    ),
    "product-defect": ("{seller} is inspecting the returned {product}",),
    "return-refund": ("Waiting for {seller} to confirm the return was checked in",),
    "warranty-claim": ("Manufacturer is assessing the warranty repair",),
    "billing-dispute": ("Payment provider is checking the transaction",),
    "fraud-suspicion": ("Card issuer and payment provider investigating the transaction",),
}

THIRD_PARTY_REPLIES: dict[str, tuple[str, ...]] = {
    "": (
        "{seller} answered in the seller portal and accepts responsibility.",
        "{seller} replied: will refund as soon as the item is back in their warehouse.",
    ),
    "pre-sale-inquiry": ("{seller} sent the spec sheet and confirmed stock.",),
    "shipping-problem": (
        "{carrier} confirms the parcel is lost; the sender's claim is filed.",
        "{carrier} found the parcel in their depot; redelivery tomorrow.",
    ),
    "product-defect": ("Manufacturer report received: the fault was not caused by the user.",),
    "warranty-claim": ("Manufacturer offers a replacement unit from new stock.",),
    "billing-dispute": ("Payment provider confirms a duplicate capture; reversal possible.",),
    "fraud-suspicion": ("Payment provider blocked the card token used for the order.",),
}

ESCALATION_REASONS: tuple[str, ...] = (
    "Seller has not answered for 48 hours; needs a senior decision",
    "Remedy above the frontline authority limit",
    "Customer announces a chargeback; needs senior review",
    "Customer is very upset and asks for a manager",
    "Customer disputes the seller's assessment; needs a second opinion",
)
SAFETY_ESCALATION = "Safety hazard reported: senior review and seller compliance required"
EXPERT_ESCALATION_REASONS: tuple[str, ...] = (
    "Possible systematic fault across a batch; expert assessment needed",
    "Customer's lawyer has written to us; expert handling required",
    "Fraud pattern matches other accounts; expert investigation",
    "Seller formally disputes the senior decision",
)
SENIOR_NOTES: tuple[str, ...] = (
    "Reviewed the evidence: the seller's refusal is not in line with the return policy. "
    "Preparing a full refund.",
    "Spoke to {seller}'s account manager; they accept a replacement at their cost.",
    "Customer history is clean; goodwill credit justified on top of the remedy.",
    "Checked the photos again: damage is consistent with transport, not misuse.",
)
EXPERT_NOTES: tuple[str, ...] = (
    "Compared with other cases on {sku}: 7 similar reports this quarter. Informed seller "
    "compliance.",
    "Legal team consulted; we proceed with the refund and close the matter with the seller.",
    "Linked accounts identified and suspended; customer's account is clean.",
)

# How a case ends: (the reason recorded with 'resolved', the message to the customer). Keyed by
# "category/subcategory", then "category", then "" for anything else.
_SIGN = "\n\nKind regards,\n{agent}"
_REFUND = (
    "Full refund issued",
    "Dear {name},\n\ngood news: {seller} has agreed to refund {amount} to your original payment "
    "method. It can take 3-5 working days to show on your statement." + _SIGN,
)
_REPLACEMENT = (
    "Replacement shipped",
    "Dear {name},\n\na replacement {product} was sent to you today with {carrier}. You do not "
    "need to send the faulty one back." + _SIGN,
)
RESOLUTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "": (
        _REFUND,
        (
            "Resolved as agreed with the customer by phone",
            "Dear {name},\n\nthank you for your patience. We have resolved this as agreed on the "
            "phone. If anything is still not right, simply reply to this message." + _SIGN,
        ),
    ),
    "pre-sale-inquiry": (
        (
            "Information provided to the customer",
            "Dear {name},\n\n{seller} has answered: the details in the specification table of the "
            "{product} are the correct ones, and they have fixed the listing text." + _SIGN,
        ),
    ),
    "pre-sale-inquiry/availability": (
        (
            "Information provided to the customer",
            "Dear {name},\n\n{seller} expects new stock of the {product} next week and will ship "
            "orders the same day. You can order now to reserve one." + _SIGN,
        ),
    ),
    "order-issue": (
        (
            "Order corrected before dispatch",
            "Dear {name},\n\nyour order {order} has been corrected and will ship with one "
            "{product} only. You were charged the corrected amount." + _SIGN,
        ),
    ),
    "order-issue/wrong-item": (
        (
            "Correct item shipped",
            "Dear {name},\n\nthe correct {product} was sent today with {carrier}. Please return "
            "the wrong item with the prepaid label in your account within 30 days." + _SIGN,
        ),
        _REFUND,
    ),
    "order-issue/missing-component": (
        (
            "Missing parts shipped",
            "Dear {name},\n\n{seller} has sent the missing parts for your {product} today with "
            "{carrier}. They should arrive within three working days." + _SIGN,
        ),
        (
            "Partial refund agreed with customer",
            "Dear {name},\n\nas agreed, {seller} has refunded part of the price for the missing "
            "parts, so you can keep the {product} as it is." + _SIGN,
        ),
    ),
    "shipping-problem/delay": (
        (
            "Parcel delivered",
            "Dear {name},\n\n{carrier} has confirmed that your parcel was delivered this morning. "
            "Sorry for the long wait." + _SIGN,
        ),
        (
            "Order cancelled and refunded",
            "Dear {name},\n\nas you asked, order {order} has been cancelled and {amount} refunded "
            "to your original payment method." + _SIGN,
        ),
    ),
    "shipping-problem/damaged-in-transit": (
        (
            "Replacement shipped",
            "Dear {name},\n\na new {product} was sent today with {carrier}, better packed this "
            "time. Please keep the damaged one until {carrier} has closed its claim." + _SIGN,
        ),
        _REFUND,
    ),
    "shipping-problem/lost": (
        (
            "Lost parcel refunded in full",
            "Dear {name},\n\n{carrier} has confirmed the parcel as lost, so {amount} has been "
            "refunded to you in full." + _SIGN,
        ),
        (
            "Replacement shipped",
            "Dear {name},\n\n{carrier} could not find the parcel, so {seller} sent a new one "
            "today, with a signature on delivery this time." + _SIGN,
        ),
    ),
    "product-defect": (_REPLACEMENT, _REFUND),
    "return-refund": (
        _REFUND,
        (
            "Restocking fee refunded",
            "Dear {name},\n\n{seller} has refunded the restocking fee they had kept back: it was "
            "not part of their published return policy." + _SIGN,
        ),
        (
            "New return label issued",
            "Dear {name},\n\na new prepaid {carrier} return label is in your account. Your refund "
            "follows as soon as the {product} is back with {seller}." + _SIGN,
        ),
    ),
    "warranty-claim": (
        (
            "Repair approved under the legal guarantee",
            "Dear {name},\n\n{seller} accepts your claim under the legal guarantee and will "
            "collect the {product} for repair at their cost. {carrier} will contact you." + _SIGN,
        ),
        _REPLACEMENT,
    ),
    "billing-dispute": (
        (
            "Voucher discount refunded",
            "Dear {name},\n\nthe voucher discount that was missing from order {order} has been "
            "refunded to your payment method." + _SIGN,
        ),
    ),
    "billing-dispute/duplicate-charge": (
        (
            "Duplicate charge reversed",
            "Dear {name},\n\nthe duplicate payment of {amount} has been reversed. Your bank will "
            "show the credit within a few days." + _SIGN,
        ),
    ),
    "billing-dispute/unrecognised-charge": (
        (
            "Charge explained to the customer",
            "Dear {name},\n\nthe charge of {amount} belongs to order {order} from {seller}; the "
            "marketplace appears on statements under its payment provider's name." + _SIGN,
        ),
        (
            "Unrecognised charge refunded",
            "Dear {name},\n\nwe could not match the charge of {amount} to a purchase of yours, so "
            "it has been refunded and the card token removed." + _SIGN,
        ),
    ),
    "billing-dispute/subscription-charge": (
        (
            "Subscription cancelled and refunded",
            "Dear {name},\n\nyour {product} is cancelled and the charge of {amount} has been "
            "refunded. You will not be charged again." + _SIGN,
        ),
    ),
    "fraud-suspicion": (
        (
            "Account secured, fraudulent order cancelled",
            "Dear {name},\n\nthe fraudulent order has been cancelled, no money was taken from you, "
            "and your account is secure again. Please set up two-step login." + _SIGN,
        ),
        (
            "Seller reported to compliance",
            "Dear {name},\n\nthank you for reporting this. The seller's account is suspended "
            "while our compliance team investigates. Never pay outside the platform." + _SIGN,
        ),
    ),
}

CLOSE_REASONS: tuple[str, ...] = (
    "Customer confirmed the solution",
    "No reply from the customer within 7 days after resolution",
    "Customer thanked us; nothing left to do",
)
REOPEN_REASONS: tuple[str, ...] = (
    "Customer reports the replacement has the same fault",
    "Refund never arrived on the customer's account",
    "Customer disagrees with the partial refund",
    "Carrier returned the replacement to the sender",
)
REOPEN_MESSAGES: tuple[str, ...] = (
    "Dear {name},\n\nI am sorry this is not solved yet. I have reopened your case and will "
    "personally follow it up.\n\nKind regards,\n{agent}",
)
TRIAGE_NOTES: tuple[str, ...] = (
    "Triage: looks straightforward, next free specialist please.",
    "Triage: likely linked to the warehouse problem on {placed}.",
    "Triage: customer also wrote on social media; answer soon.",
)
TAG_SETS: tuple[tuple[str, ...], ...] = (
    ("repeat-customer",),
    ("photos-received",),
    ("chargeback-risk",),
    ("seller-unresponsive",),
    ("carrier-investigation",),
    ("batch-issue", "seller-compliance"),
    ("legal-guarantee",),
    ("social-media", "vip"),
)
