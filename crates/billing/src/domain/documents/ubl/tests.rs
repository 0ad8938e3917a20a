use chrono::TimeZone;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::*;
use crate::domain::documents::{Credited, TaxIdKind};
use crate::domain::receipts::ReceiptNumber;
use crate::domain::tax::{default_igv_rate, split_igv};

pub(crate) const KINDS: [ReceiptKind; 4] =
    [ReceiptKind::Invoice, ReceiptKind::Receipt, ReceiptKind::InvoiceCreditNote, ReceiptKind::ReceiptCreditNote];

// The sequences of `InvoiceType` and `CreditNoteType` in OASIS UBL 2.1's maindoc schemas
// UBL-Invoice-2.1.xsd and UBL-CreditNote-2.1.xsd, as SUNAT's validators vendor them
// (github.com/thegreenter/ubl-validator, src/xsd/2.1/maindoc/).
const INVOICE_ORDER: &str = "ext:UBLExtensions cbc:UBLVersionID cbc:CustomizationID cbc:ProfileID \
    cbc:ProfileExecutionID cbc:ID cbc:CopyIndicator cbc:UUID cbc:IssueDate cbc:IssueTime cbc:DueDate \
    cbc:InvoiceTypeCode cbc:Note cbc:TaxPointDate cbc:DocumentCurrencyCode cbc:TaxCurrencyCode \
    cbc:PricingCurrencyCode cbc:PaymentCurrencyCode cbc:PaymentAlternativeCurrencyCode cbc:AccountingCostCode \
    cbc:AccountingCost cbc:LineCountNumeric cbc:BuyerReference cac:InvoicePeriod cac:OrderReference \
    cac:BillingReference cac:DespatchDocumentReference cac:ReceiptDocumentReference \
    cac:StatementDocumentReference cac:OriginatorDocumentReference cac:ContractDocumentReference \
    cac:AdditionalDocumentReference cac:ProjectReference cac:Signature cac:AccountingSupplierParty \
    cac:AccountingCustomerParty cac:PayeeParty cac:BuyerCustomerParty cac:SellerSupplierParty \
    cac:TaxRepresentativeParty cac:Delivery cac:DeliveryTerms cac:PaymentMeans cac:PaymentTerms \
    cac:PrepaidPayment cac:AllowanceCharge cac:TaxExchangeRate cac:PricingExchangeRate cac:PaymentExchangeRate \
    cac:PaymentAlternativeExchangeRate cac:TaxTotal cac:WithholdingTaxTotal cac:LegalMonetaryTotal \
    cac:InvoiceLine";
const CREDIT_NOTE_ORDER: &str = "ext:UBLExtensions cbc:UBLVersionID cbc:CustomizationID cbc:ProfileID \
    cbc:ProfileExecutionID cbc:ID cbc:CopyIndicator cbc:UUID cbc:IssueDate cbc:IssueTime cbc:TaxPointDate \
    cbc:CreditNoteTypeCode cbc:Note cbc:DocumentCurrencyCode cbc:TaxCurrencyCode cbc:PricingCurrencyCode \
    cbc:PaymentCurrencyCode cbc:PaymentAlternativeCurrencyCode cbc:AccountingCostCode cbc:AccountingCost \
    cbc:LineCountNumeric cbc:BuyerReference cac:InvoicePeriod cac:DiscrepancyResponse cac:OrderReference \
    cac:BillingReference cac:DespatchDocumentReference cac:ReceiptDocumentReference \
    cac:ContractDocumentReference cac:AdditionalDocumentReference cac:StatementDocumentReference \
    cac:OriginatorDocumentReference cac:Signature cac:AccountingSupplierParty cac:AccountingCustomerParty \
    cac:PayeeParty cac:BuyerCustomerParty cac:SellerSupplierParty cac:TaxRepresentativeParty cac:Delivery \
    cac:DeliveryTerms cac:PaymentMeans cac:PaymentTerms cac:TaxExchangeRate cac:PricingExchangeRate \
    cac:PaymentExchangeRate cac:PaymentAlternativeExchangeRate cac:AllowanceCharge cac:TaxTotal \
    cac:LegalMonetaryTotal cac:CreditNoteLine";

/// A receipt of `kind` with two lines, issued on 1 June 2025 at 03:30:05 UTC (still 31 May in
/// Lima); boletas go to a person with a DNI, facturas to a company. Shared with the PDF's tests.
pub(crate) fn document(kind: ReceiptKind) -> ReceiptDocument {
    let rate = default_igv_rate();
    let line = |description: &str, quantity: u32, unit_price: Decimal| {
        let total = unit_price * Decimal::from(quantity);
        let (base, igv) = split_igv(total, rate);
        Line { description: description.into(), quantity, unit_price, base, igv, total }
    };
    let lines =
        vec![line("Plan Pro — junio 2025", 1, Decimal::new(5990, 2)), line("Entrevistas", 3, Decimal::new(990, 2))];
    let person = matches!(kind, ReceiptKind::Receipt | ReceiptKind::ReceiptCreditNote);
    let party = |id_kind, id: &str, name: &str, address: Option<&str>| Party {
        id_kind,
        id: id.into(),
        name: name.into(),
        address: address.map(Into::into),
    };
    let buyer = if person {
        party(TaxIdKind::Dni, "46779354", "María Ñahui Córdova", None)
    } else {
        party(TaxIdKind::Ruc, "20509876542", "Comercial Los Andes S.A.C.", Some("Av. Arequipa 1234, Lince"))
    };
    let series = format!("{}001", kind.series_letter());
    let credited = kind.is_credit_note().then(|| Credited {
        kind: if person { ReceiptKind::Receipt } else { ReceiptKind::Invoice },
        number: ReceiptNumber::new(&series, 42).unwrap(),
        reason_code: "06".into(),
        reason: "Devolución total".into(),
    });
    ReceiptDocument {
        kind,
        number: ReceiptNumber::new(&series, 7).unwrap(),
        issued_at: Utc.with_ymd_and_hms(2025, 6, 1, 3, 30, 5).unwrap(),
        currency: "PEN".into(),
        seller: party(TaxIdKind::Ruc, "20601234565", "Talento Andino S.A.C.", Some("Jr. de la Unión 500, Lima")),
        buyer,
        base: lines.iter().map(|l| l.base).sum(),
        igv: lines.iter().map(|l| l.igv).sum(),
        total: lines.iter().map(|l| l.total).sum(),
        lines,
        igv_rate: rate,
        credited,
    }
}

/// An element as read back: its path from the root (`Invoice/cac:TaxTotal/cbc:TaxAmount`).
struct Element {
    path: String,
    attrs: Vec<(String, String)>,
    text: String,
}

impl Element {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }

    /// An amount, checked to carry its currency and exactly two decimals.
    fn amount(&self) -> Decimal {
        assert_eq!(self.attr("currencyID"), Some("PEN"), "{}", self.path);
        let two_decimals = self.text.split_once('.').is_some_and(|(_, cents)| cents.len() == 2);
        assert!(two_decimals, "{}: {}", self.path, self.text);
        self.text.parse().unwrap()
    }
}

/// The elements in document order, the root first.
struct Parsed(Vec<Element>);

impl Parsed {
    /// The elements at `path` below the root.
    fn all<'s>(&'s self, path: &str) -> impl Iterator<Item = &'s Element> {
        self.0.iter().filter(move |e| e.path.split_once('/').is_some_and(|(_, below)| below == path))
    }

    fn get(&self, path: &str) -> &Element {
        self.all(path).next().unwrap_or_else(|| panic!("no {path}"))
    }

    fn text(&self, path: &str) -> &str {
        &self.get(path).text
    }

    /// The root's children's names, in order.
    fn children(&self) -> Vec<&str> {
        self.0
            .iter()
            .filter_map(|e| e.path.split_once('/').map(|(_, name)| name).filter(|n| !n.contains('/')))
            .collect()
    }
}

/// Reads `xml` back with quick-xml, which fails on mismatched tags, bad attributes and stray
/// `&`; unknown entities and unclosed elements are caught here.
fn parse(xml: &str) -> Parsed {
    let element = |e: &BytesStart<'_>, parent: Option<&Element>| {
        let utf8 = |bytes: &[u8]| String::from_utf8(bytes.to_vec()).unwrap();
        let attrs = e
            .attributes()
            .map(|a| a.expect("well-formed attribute"))
            .map(|a| (utf8(a.key.as_ref()), a.normalized_value(XmlVersion::Implicit1_0).unwrap().into_owned()));
        let name = utf8(e.name().as_ref());
        let path = parent.map_or(name.clone(), |p| format!("{}/{name}", p.path));
        Element { path, attrs: attrs.collect(), text: String::new() }
    };
    let mut reader = Reader::from_reader(xml.as_bytes());
    let (mut elements, mut open): (Vec<Element>, Vec<usize>) = (Vec::new(), Vec::new());
    loop {
        let parent = open.last().map(|&i| &elements[i]);
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => {
                let started = element(&e, parent);
                elements.push(started);
                open.push(elements.len() - 1);
            }
            Event::Empty(e) => {
                let empty = element(&e, parent);
                elements.push(empty);
            }
            Event::End(_) => assert!(open.pop().is_some(), "an end without a start"),
            Event::Text(t) if !open.is_empty() => {
                elements[open[open.len() - 1]].text.push_str(&t.xml10_content().expect("text"));
            }
            Event::GeneralRef(r) => {
                let c = match (r.resolve_char_ref(), &r[..]) {
                    (Ok(Some(c)), _) => c,
                    (_, b"amp") => '&',
                    (_, b"lt") => '<',
                    (_, b"gt") => '>',
                    (_, b"quot") => '"',
                    (_, b"apos") => '\'',
                    (_, other) => panic!("unknown entity {}", String::from_utf8_lossy(other)),
                };
                elements[*open.last().expect("text inside the root")].text.push(c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(open.is_empty(), "unclosed elements");
    assert_eq!(elements.iter().filter(|e| !e.path.contains('/')).count(), 1, "one root element");
    Parsed(elements)
}

#[test]
fn each_kind_is_well_formed_under_its_root_and_namespaces() {
    for kind in KINDS {
        let xml = ubl_xml(&document(kind));
        assert!(xml.starts_with(r#"<?xml version="1.0" encoding="UTF-8"?>"#));
        let parsed = parse(&xml);
        let root = &parsed.0[0];
        let (name, namespace) =
            if kind.is_credit_note() { ("CreditNote", CREDIT_NOTE_NS) } else { ("Invoice", INVOICE_NS) };
        assert_eq!((root.path.as_str(), root.attr("xmlns")), (name, Some(namespace)), "{kind:?}");
        for (prefix, ns) in [("cac", CAC_NS), ("cbc", CBC_NS), ("ext", EXT_NS), ("ds", DS_NS)] {
            assert_eq!(root.attr(&format!("xmlns:{prefix}")), Some(ns));
        }
        let type_code = parsed.all("cbc:InvoiceTypeCode").next();
        let type_code = type_code.map(|code| (code.text.as_str(), code.attr("listID")));
        assert_eq!(type_code, (!kind.is_credit_note()).then_some((kind.sunat_code(), Some("0101"))));
        let signature_slot = "ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent";
        assert_eq!(parsed.text(signature_slot), "", "left for the OSE/PSE's signature");
        assert_eq!(parsed.text("cac:Signature/cbc:ID"), "20601234565");
        assert_eq!(parsed.text("cbc:ID"), format!("{}001-00000007", kind.series_letter()));
        // 03:30:05 UTC on 1 June is 22:30:05 on 31 May in Lima.
        assert_eq!((parsed.text("cbc:IssueDate"), parsed.text("cbc:IssueTime")), ("2025-05-31", "22:30:05"));
    }
}

#[test]
fn the_root_children_follow_the_xsd_sequence() {
    for kind in KINDS {
        let order: Vec<&str> =
            if kind.is_credit_note() { CREDIT_NOTE_ORDER } else { INVOICE_ORDER }.split_whitespace().collect();
        let parsed = parse(&ubl_xml(&document(kind)));
        let children = parsed.children();
        let position = |name: &str| order.iter().position(|n| *n == name).unwrap_or_else(|| panic!("{name}?"));
        for pair in children.windows(2) {
            // Only the lines repeat (maxOccurs unbounded); anything else must come later.
            let repeated_line = pair[0] == pair[1] && position(pair[1]) == order.len() - 1;
            assert!(position(pair[0]) < position(pair[1]) || repeated_line, "{kind:?}: {pair:?}");
        }
        assert_eq!(children.last(), order.last(), "ends with the lines");
    }
}

#[test]
fn the_amounts_add_up() {
    for kind in KINDS {
        let parsed = parse(&ubl_xml(&document(kind)));
        let (line, quantity) = if kind.is_credit_note() {
            ("cac:CreditNoteLine", "cbc:CreditedQuantity")
        } else {
            ("cac:InvoiceLine", "cbc:InvoicedQuantity")
        };
        let sum = |path: &str| parsed.all(&format!("{line}/{path}")).map(Element::amount).sum::<Decimal>();
        let base = parsed.get("cac:LegalMonetaryTotal/cbc:LineExtensionAmount").amount();
        let igv = parsed.get("cac:TaxTotal/cbc:TaxAmount").amount();
        assert_eq!(sum("cbc:LineExtensionAmount"), base);
        assert_eq!(sum("cac:TaxTotal/cbc:TaxAmount"), igv);
        assert_eq!(parsed.get("cac:TaxTotal/cac:TaxSubtotal/cbc:TaxableAmount").amount(), base);
        assert_eq!(parsed.get("cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount").amount(), base + igv);
        assert_eq!(parsed.get("cac:LegalMonetaryTotal/cbc:PayableAmount").amount(), base + igv);
        assert_eq!(base + igv, Decimal::new(8960, 2), "59.90 + 3 × 9.90");
        let second = |path: &str| parsed.all(&format!("{line}/{path}")).nth(1).unwrap_or_else(|| panic!("{path}"));
        assert_eq!(second("cbc:ID").text, "2");
        assert_eq!((second(quantity).text.as_str(), second(quantity).attr("unitCode")), ("3", Some("ZZ")));
        let with_igv = second("cac:PricingReference/cac:AlternativeConditionPrice/cbc:PriceAmount");
        assert_eq!(with_igv.amount(), Decimal::new(990, 2));
        assert_eq!(second("cac:Price/cbc:PriceAmount").amount(), Decimal::new(839, 2), "25.17 / 3, without IGV");
        let category =
            |path: &str| second(&format!("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/{path}")).text.clone();
        assert_eq!([category("cbc:Percent"), category("cbc:TaxExemptionReasonCode")], ["18", "10"]);
    }
}

#[test]
fn hostile_text_is_escaped_and_reads_back() {
    let hostile = "Ana & <Co> \"SAC\"\u{0007}";
    let mut doc = document(ReceiptKind::Invoice);
    doc.buyer.name = hostile.into();
    doc.lines[0].description = format!("{hostile} 'plan'");
    let xml = ubl_xml(&doc);
    assert!(!xml.contains("<Co>") && !xml.contains('\u{7}'));
    let parsed = parse(&xml);
    let name = "cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName";
    assert_eq!(parsed.text(name), "Ana & <Co> \"SAC\"");
    assert_eq!(parsed.text("cac:InvoiceLine/cac:Item/cbc:Description"), "Ana & <Co> \"SAC\" 'plan'");
    assert_eq!(escape("a\u{0}b\tc\u{1F}\u{FFFE}é"), "ab\tcé");
}

#[test]
fn a_credit_note_references_what_it_takes_back_and_a_boleta_names_a_dni() {
    let parsed = parse(&ubl_xml(&document(ReceiptKind::InvoiceCreditNote)));
    assert_eq!(parsed.text("cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID"), "F001-00000042");
    assert_eq!(parsed.text("cac:BillingReference/cac:InvoiceDocumentReference/cbc:DocumentTypeCode"), "01");
    assert_eq!(parsed.text("cac:DiscrepancyResponse/cbc:ReferenceID"), "F001-00000042");
    assert_eq!(parsed.text("cac:DiscrepancyResponse/cbc:ResponseCode"), "06");
    assert_eq!(parsed.text("cac:DiscrepancyResponse/cbc:Description"), "Devolución total");
    assert!(parsed.all("cac:PaymentTerms").next().is_none(), "only a factura says how it is paid");

    let parsed = parse(&ubl_xml(&document(ReceiptKind::Receipt)));
    let buyer = parsed.get("cac:AccountingCustomerParty/cac:Party/cac:PartyIdentification/cbc:ID");
    assert_eq!((buyer.text.as_str(), buyer.attr("schemeID")), ("46779354", Some("1")));
    let seller = |path: &str| parsed.get(&format!("cac:AccountingSupplierParty/cac:Party/{path}"));
    assert_eq!(seller("cac:PartyIdentification/cbc:ID").attr("schemeID"), Some("6"));
    assert_eq!(seller("cac:PartyLegalEntity/cac:RegistrationAddress/cbc:AddressTypeCode").text, "0000");
    let address = seller("cac:PartyLegalEntity/cac:RegistrationAddress/cac:AddressLine/cbc:Line");
    assert_eq!(address.text, "Jr. de la Unión 500, Lima");
}
