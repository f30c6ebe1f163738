"""What an agreement says in each language it can be issued in: the PDF's labels and sentences,
the words the draft is built with, and dates and money as that language writes them.

Deterministic on purpose (no locale, no gettext): the same agreement renders the same bytes on
any machine, which is how a copy is verified. An agreement records its language in its
content (`Agreement.language`), so it renders in that language forever; English keeps the
exact wording and bytes agreements were issued with before there was a choice.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from resolution_center.domain.money import Money, exponent

ENGLISH = "en"
GERMAN = "de"
LANGUAGES = (ENGLISH, GERMAN)

MONTHS = {
    ENGLISH: (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    GERMAN: (
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ),
}

# Currencies a German text writes with their sign; others keep the ISO code ("1.234,56 USD"
# is unambiguous where "$" is not).
_SIGNS = {"EUR": "€"}


def day(d: date, language: str = ENGLISH) -> str:
    """'7 December 2026'; German '7. Dezember 2026'."""
    month = MONTHS[language][d.month - 1]
    if language == GERMAN:
        return f"{d.day}. {month} {d.year}"
    return f"{d.day} {month} {d.year}"


def moment(t: datetime, language: str = ENGLISH) -> str:
    t = t.astimezone(UTC)
    return f"{day(t.date(), language)}, {t:%H:%M} UTC"


def money(m: Money, language: str = ENGLISH) -> str:
    """'1,234.56 EUR'; German '1.234,56 €'."""
    if language != GERMAN:
        return m.format()
    exp = exponent(m.currency)
    whole, frac = divmod(abs(m.minor), 10**exp)
    digits = f"{whole:,}".replace(",", ".") + (f",{frac:0{exp}d}" if exp else "")
    sign = "-" if m.minor < 0 else ""
    return f"{sign}{digits}\u00a0{_SIGNS.get(m.currency, m.currency)}"


def count(n: int, language: str = ENGLISH) -> str:
    return f"{n:,}".replace(",", ".") if language == GERMAN else str(n)


EN: dict[str, str] = {
    # page furniture
    "header": "Resolution agreement",
    "number_version": "{number}  ·  Version {version}",
    "footer": "{number}  ·  Version {version}  ·  {copy}",
    "content_sha": "Content SHA-256",
    "page_of": "Page {page} of {total}",
    "copy.internal": "Internal record",
    "copy.customer": "Customer copy",
    "watermark.draft": "DRAFT",
    "watermark.superseded": "SUPERSEDED",
    "watermark.voided": "VOIDED",
    "doc_title": "Resolution agreement {number} version {version}",
    "doc_subject": "Case {reference}: {subject}",
    # title block
    "bookmark": "Resolution agreement {number}",
    "title": "Resolution Agreement",
    "status.draft": (
        "<b>Draft</b> for review: not binding until it is issued and accepted. "
        "Amounts and wording may still change."
    ),
    "status.issued": "Issued {issued}.",
    "later.version": "version {version}",
    "later.unknown": "a later version",
    "status.superseded": (
        "<b>Superseded</b> by {later}; issued {issued}. This version no longer applies."
    ),
    "status.voided": "<b>Voided</b>: this agreement no longer applies. It was issued {issued}.",
    "status.reason": " Reason: {reason}",
    "status.replaces": " Version {version} replaces version {previous}.",
    "fact.agreement": "Agreement",
    "fact.version": "Version",
    "fact.issued": "Issued",
    "fact.not_issued": "Not yet issued",
    "fact.case": "Case",
    "fact.order": "Order",
    "fact.order_date": "Order date",
    "fact.category": "Category",
    "fact.currency": "Currency",
    # parties
    "party.company": "Company",
    "party.customer": "Customer",
    "party.seller": "Marketplace seller",
    "h.parties": "Parties",
    "parties.intro": "This agreement is made between the following parties",
    "parties.seller": (
        ", with the marketplace seller named as a party to the obligations that concern it."
    ),
    "parties.end": ".",
    # complaint and order
    "h.complaint": "The complaint",
    "complaint.case": "case",
    "h.order": "The order",
    "order.placed": " placed on {day}",
    "order.line": "Order {number}{placed}: {count} {items}, amounts in {currency}.",
    "order.item": "item",
    "order.items": "items",
    "col.no": "#",
    "col.sku": "SKU",
    "col.product": "Product",
    "col.seller": "Seller",
    "col.qty": "Qty",
    "col.unit_price": "Unit price",
    "col.amount": "Amount",
    "total.items": "Items",
    "total.shipping": "Shipping",
    "total.adjustments": "Discounts, taxes and fees",
    "total.order": "Order total",
    # remedies
    "h.remedies": "Agreed remedies",
    "remedies.none": "No remedy is part of this agreement.",
    "col.reference": "Reference",
    "col.remedy": "Remedy",
    "col.description": "Description",
    "remedies.total": "Total agreed",
    # obligations
    "h.obligations": "Obligations",
    "obligations.none": "This agreement places no obligations on the parties.",
    "obligations.lead": "Each party does what is listed against it by the date shown.",
    "col.party": "Party",
    "col.obligation": "Obligation",
    "col.deadline": "Deadline",
    "obligations.nothing": "No obligation under this agreement.",
    # terms
    "h.terms": "Terms",
    "terms.version": "Terms version {version}.",
    # approvals and acceptance
    "col.name": "Name",
    "col.role": "Role",
    "col.action": "Action",
    "col.when": "Date and time (UTC)",
    "approvals.none": "No approvals are recorded yet.",
    "acceptance.none": "The customer has not yet accepted the offer.",
    "acceptance.reference": " (reference {reference})",
    "acceptance.offer": "offer {offer}",
    "acceptance.the_offer": "the offer",
    "acceptance.recorded_issued": "This agreement, issued on {when}, records its terms.",
    "acceptance.recorded": "This agreement records its terms.",
    "acceptance.text": (
        "<b>{customer}</b> accepted {offer}, on which this agreement is based, by {channel} "
        "on {when}{reference}. "
    ),
    "h.approvals": "Approval and acceptance",
    # signatures
    "sign.company": "For the company",
    "sign.seller": "Marketplace seller",
    "sign.customer": "Customer",
    "sign.signer": "the {role} who {action} it",
    "sign.representative": "its representative",
    "sign.and": " and ",
    "sign.seller_too": ", by the marketplace seller,",
    "sign.intro": "Signed for the company by {company}{others} and by the customer.",
    "sign.name": "Name: ______________________",
    "sign.date": "Date: ____________________",
    "h.signatures": "Signatures",
    # verification
    "verify.hash": "CONTENT HASH (SHA-256)",
    "verify.chain": "AUDIT CHAIN AT ISSUE",
    "verify.event": "event {seq}  ·  {hash}",
    "verify.draft": "not issued: a draft has no place in the audit chain",
    "verify.proof": "PROOF",
    "verify.note": (
        "This file renders the stored agreement exactly. To check a copy, verify the "
        "file in Resolution Center: it rebuilds the file from the stored record and "
        "compares the two byte for byte, so a copy with any name, amount or date "
        "changed fails."
    ),
    "h.verification": "Verification",
    # internal part
    "notes.label": "NOT PART OF THE CUSTOMER COPY",
    "h.notes": "Internal notes",
    "history.none": "No case history is attached to this agreement.",
    "history.end": (
        ", ending with the issue of this agreement (event {seq}, the audit chain position above)"
    ),
    "history.summary": (
        "Case history: the case's audit trail holds {events} events from "
        "{first} to {last}{end}. {company} "
        "keeps it in a tamper-evident audit trail; the detailed history is part of "
        "the company's internal record."
    ),
    "h.history": "Appendix A: case history",
    "history.anchor": ", ending with the issue of this agreement (event {seq})",
    "history.intro": (
        "The case's audit trail as recorded: {events} events from "
        "{first} to {last}{anchor}. The "
        "audit chain, not this printout, is the record; summaries longer than "
        "{limit} characters are shortened here."
    ),
    "col.seq": "Seq",
    "col.time": "Time (UTC)",
    "col.actor": "Actor",
    "col.summary": "Summary",
    # what the draft is built with (services/agreement_build.py)
    "build.customer_no": "Customer no. C-{id:07d}",
    "build.sold_by": ", sold by {seller}",
    "build.return": "Return conditions. {text}",
    "duty.full-refund": "Refund {amount} to the original method of payment",
    "duty.partial-refund": "Refund {amount} to the original method of payment",
    "duty.return-for-refund": (
        "Refund {amount} to the original method of payment once the goods are back"
    ),
    "duty.replacement": "Send replacement goods worth {amount}, free of charge",
    "duty.expedited-replacement": (
        "Send replacement goods worth {amount} by express delivery, free of charge"
    ),
    "duty.coupon": "Issue a coupon worth {amount}",
    "duty.store-credit": "Credit {amount} to the customer's account as store credit",
    "duty.service-credit": "Credit {amount} to the customer's account as service credit",
    "duty.goodwill-gesture": "Pay a goodwill gesture of {amount}",
    "duty.other": "Provide {amount}",
    "duty.line": "{duty} ({kind}, {remedy}).",
}

DE: dict[str, str] = {
    "header": "Vereinbarung zur Beschwerde",
    "number_version": "{number}  ·  Version {version}",
    "footer": "{number}  ·  Version {version}  ·  {copy}",
    "content_sha": "Inhalt SHA-256",
    "page_of": "Seite {page} von {total}",
    "copy.internal": "Interne Akte",
    "copy.customer": "Kundenexemplar",
    "watermark.draft": "ENTWURF",
    "watermark.superseded": "ERSETZT",
    "watermark.voided": "UNGÜLTIG",
    "doc_title": "Vereinbarung {number} Version {version}",
    "doc_subject": "Fall {reference}: {subject}",
    "bookmark": "Vereinbarung {number}",
    "title": "Vereinbarung zur Beschwerde",
    "status.draft": (
        "<b>Entwurf</b> zur Prüfung: nicht verbindlich, bevor er ausgestellt und angenommen "
        "ist. Beträge und Wortlaut können sich noch ändern."
    ),
    "status.issued": "Ausgestellt am {issued}.",
    "later.version": "Version {version}",
    "later.unknown": "eine spätere Version",
    "status.superseded": (
        "<b>Ersetzt</b> durch {later}; ausgestellt am {issued}. Diese Version gilt nicht mehr."
    ),
    "status.voided": (
        "<b>Ungültig</b>: Diese Vereinbarung gilt nicht mehr. Sie wurde am {issued} ausgestellt."
    ),
    "status.reason": " Grund: {reason}",
    "status.replaces": " Version {version} ersetzt Version {previous}.",
    "fact.agreement": "Vereinbarung",
    "fact.version": "Version",
    "fact.issued": "Ausgestellt",
    "fact.not_issued": "Noch nicht ausgestellt",
    "fact.case": "Fall",
    "fact.order": "Bestellung",
    "fact.order_date": "Bestelldatum",
    "fact.category": "Kategorie",
    "fact.currency": "Währung",
    "party.company": "Unternehmen",
    "party.customer": "Kunde",
    "party.seller": "Marktplatzverkäufer",
    "h.parties": "Parteien",
    "parties.intro": "Diese Vereinbarung wird zwischen den folgenden Parteien geschlossen",
    "parties.seller": (
        ", wobei der Marktplatzverkäufer Partei der Pflichten ist, die ihn betreffen."
    ),
    "parties.end": ".",
    "h.complaint": "Die Beschwerde",
    "complaint.case": "Fall",
    "h.order": "Die Bestellung",
    "order.placed": " vom {day}",
    "order.line": "Bestellung {number}{placed}: {count} {items}, Beträge in {currency}.",
    "order.item": "Artikel",
    "order.items": "Artikel",
    "col.no": "Nr.",
    "col.sku": "Artikelnr.",
    "col.product": "Produkt",
    "col.seller": "Verkäufer",
    "col.qty": "Menge",
    "col.unit_price": "Einzelpreis",
    "col.amount": "Betrag",
    "total.items": "Artikel",
    "total.shipping": "Versand",
    "total.adjustments": "Rabatte, Steuern und Gebühren",
    "total.order": "Bestellsumme",
    "h.remedies": "Vereinbarte Abhilfen",
    "remedies.none": "Diese Vereinbarung enthält keine Abhilfe.",
    "col.reference": "Referenz",
    "col.remedy": "Abhilfe",
    "col.description": "Beschreibung",
    "remedies.total": "Summe vereinbart",
    "h.obligations": "Pflichten",
    "obligations.none": "Diese Vereinbarung legt den Parteien keine Pflichten auf.",
    "obligations.lead": (
        "Jede Partei erledigt, was bei ihr aufgeführt ist, bis zum genannten Datum."
    ),
    "col.party": "Partei",
    "col.obligation": "Pflicht",
    "col.deadline": "Frist",
    "obligations.nothing": "Keine Pflicht aus dieser Vereinbarung.",
    "h.terms": "Bedingungen",
    "terms.version": "Fassung der Bedingungen {version}.",
    "col.name": "Name",
    "col.role": "Rolle",
    "col.action": "Handlung",
    "col.when": "Datum und Uhrzeit (UTC)",
    "approvals.none": "Noch keine Freigaben festgehalten.",
    "acceptance.none": "Der Kunde hat das Angebot noch nicht angenommen.",
    "acceptance.reference": " (Referenz {reference})",
    "acceptance.offer": "das Angebot {offer}",
    "acceptance.the_offer": "das Angebot",
    "acceptance.recorded_issued": (
        "Diese Vereinbarung, ausgestellt am {when}, hält ihre Bedingungen fest."
    ),
    "acceptance.recorded": "Diese Vereinbarung hält ihre Bedingungen fest.",
    "acceptance.text": (
        "<b>{customer}</b> hat {offer}, auf dem diese Vereinbarung beruht, per {channel} "
        "am {when}{reference} angenommen. "
    ),
    "h.approvals": "Freigabe und Annahme",
    "sign.company": "Für das Unternehmen",
    "sign.seller": "Marktplatzverkäufer",
    "sign.customer": "Kunde",
    "sign.signer": "dem {role}, der sie {action} hat",
    "sign.representative": "seinem Vertreter",
    "sign.and": ", und ",
    "sign.seller_too": ", vom Marktplatzverkäufer",
    # The relative clauses close the sentence: German wants no "und" right after one.
    "sign.intro": "Unterzeichnet vom Kunden{others} und für das Unternehmen von {company}.",
    "sign.name": "Name: ____________________",
    "sign.date": "Datum: __________________",
    "h.signatures": "Unterschriften",
    "verify.hash": "INHALTS-HASH (SHA-256)",
    "verify.chain": "PRÜFKETTE BEI AUSSTELLUNG",
    "verify.event": "Ereignis {seq}  ·  {hash}",
    "verify.draft": "nicht ausgestellt: Ein Entwurf hat keinen Platz in der Prüfkette",
    "verify.proof": "NACHWEIS",
    "verify.note": (
        "Diese Datei gibt die gespeicherte Vereinbarung exakt wieder. Um eine Kopie zu prüfen, "
        "verifizieren Sie die Datei in Resolution Center: Es baut die Datei aus der "
        "gespeicherten Akte neu und vergleicht beide Byte für Byte, sodass eine Kopie mit "
        "einem geänderten Namen, Betrag oder Datum durchfällt."
    ),
    "h.verification": "Prüfung",
    "notes.label": "NICHT TEIL DES KUNDENEXEMPLARS",
    "h.notes": "Interne Notizen",
    "history.none": "Dieser Vereinbarung ist kein Fallverlauf beigefügt.",
    "history.end": (
        ", endend mit der Ausstellung dieser Vereinbarung (Ereignis {seq}, die Position in der "
        "Prüfkette oben)"
    ),
    "history.summary": (
        "Fallverlauf: Der Prüfpfad des Falls enthält {events} Ereignisse vom {first} bis "
        "{last}{end}. {company} bewahrt ihn in einem manipulationssicheren Prüfpfad auf; der "
        "ausführliche Verlauf ist Teil der internen Akte des Unternehmens."
    ),
    "h.history": "Anhang A: Fallverlauf",
    "history.anchor": ", endend mit der Ausstellung dieser Vereinbarung (Ereignis {seq})",
    "history.intro": (
        "Der Prüfpfad des Falls wie festgehalten: {events} Ereignisse vom {first} bis "
        "{last}{anchor}. Die Prüfkette, nicht dieser Ausdruck, ist die Akte; Zusammenfassungen "
        "über {limit} Zeichen sind hier gekürzt."
    ),
    "col.seq": "Nr.",
    "col.time": "Zeit (UTC)",
    "col.actor": "Akteur",
    "col.summary": "Zusammenfassung",
    "build.customer_no": "Kundennr. C-{id:07d}",
    "build.sold_by": ", verkauft von {seller}",
    "build.return": "Rücksendebedingungen. {text}",
    "duty.full-refund": "{amount} auf das ursprüngliche Zahlungsmittel erstatten",
    "duty.partial-refund": "{amount} auf das ursprüngliche Zahlungsmittel erstatten",
    "duty.return-for-refund": (
        "{amount} auf das ursprüngliche Zahlungsmittel erstatten, sobald die Ware zurück ist"
    ),
    "duty.replacement": "Ersatzware im Wert von {amount} kostenlos senden",
    "duty.expedited-replacement": (
        "Ersatzware im Wert von {amount} per Expresszustellung kostenlos senden"
    ),
    "duty.coupon": "Einen Gutschein über {amount} ausstellen",
    "duty.store-credit": "{amount} dem Kundenkonto als Guthaben gutschreiben",
    "duty.service-credit": "{amount} dem Kundenkonto als Servicegutschrift gutschreiben",
    "duty.goodwill-gesture": "Eine Kulanzleistung von {amount} zahlen",
    "duty.other": "{amount} leisten",
    "duty.line": "{duty} ({kind}, {remedy}).",
}

# Labels of codes the agreement prints (roles, approval actions, remedy kinds, channels).
# English prints the code itself, capitalised, as it always has.
DE_LABELS: dict[str, str] = {
    "specialist": "Sachbearbeiter",
    "senior-specialist": "Senior-Sachbearbeiter",
    "expert": "Experte",
    "supervisor": "Teamleiter",
    "admin": "Administrator",
    "system": "System",
    "proposed": "Vorgeschlagen",
    "authorized": "Bewilligt",
    "approved": "Genehmigt",
    "reviewed": "Geprüft",
    "full-refund": "Volle Erstattung",
    "partial-refund": "Teilerstattung",
    "replacement": "Ersatzlieferung",
    "expedited-replacement": "Express-Ersatzlieferung",
    "return-for-refund": "Rücksendung gegen Erstattung",
    "coupon": "Gutschein",
    "store-credit": "Guthaben",
    "service-credit": "Servicegutschrift",
    "goodwill-gesture": "Kulanzleistung",
    "email": "E-Mail",
    "phone": "Telefon",
    "chat": "Chat",
    "letter": "Brief",
    "web-form": "Webformular",
    "portal": "Kundenportal",
    "customer-portal": "Kundenportal",
    "in-person": "persönlich",
    "marketplace": "Marktplatz",
}
# The verb an approval action is in German ("…, der sie bewilligt hat").
DE_VERBS = {
    "proposed": "vorgeschlagen",
    "authorized": "bewilligt",
    "approved": "genehmigt",
    "reviewed": "geprüft",
}

WORDS = {ENGLISH: EN, GERMAN: DE}


def words(language: str) -> dict[str, str]:
    return WORDS.get(language, EN)


def code_label(code: str, language: str) -> str | None:
    """A code's German label, or None (English and unknown codes print as they always did)."""
    return DE_LABELS.get(code) if language == GERMAN else None
