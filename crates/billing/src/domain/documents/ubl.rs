//! The receipt as SUNAT's UBL 2.1 XML (customization 2.0): a factura or a boleta is an `Invoice`,
//! a credit note a `CreditNote`, each element where the UBL 2.1 schemas' sequences put it (SUNAT
//! rejects a document whose elements are out of order before it looks at their values).

use chrono::{DateTime, FixedOffset, Utc};
use rust_decimal::Decimal;

use super::{Line, Party, ReceiptDocument};
use crate::domain::receipts::ReceiptKind;
use crate::domain::tax::to_cents;

const INVOICE_NS: &str = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
const CREDIT_NOTE_NS: &str = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";
const CAC_NS: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
const CBC_NS: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
const EXT_NS: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2";
const DS_NS: &str = "http://www.w3.org/2000/09/xmldsig#";

/// The unsigned document. Its one `ext:ExtensionContent` is left empty for the XML signature
/// (`ds:Signature`): signing with the issuer's certificate is the OSE/PSE's job, so here
/// `cac:Signature` only names the signer and the signature's id (`#SignatureSP`).
pub fn ubl_xml(doc: &ReceiptDocument) -> String {
    let (root, namespace) =
        if doc.kind.is_credit_note() { ("CreditNote", CREDIT_NOTE_NS) } else { ("Invoice", INVOICE_NS) };
    let mut xml = Xml { out: String::from(r#"<?xml version="1.0" encoding="UTF-8"?>"#), depth: 0 };
    let prefixes = [("xmlns:cac", CAC_NS), ("xmlns:cbc", CBC_NS), ("xmlns:ext", EXT_NS), ("xmlns:ds", DS_NS)];
    xml.element(root, &[&[("xmlns", namespace)][..], &prefixes].concat(), |x| body(x, doc));
    xml.out.push('\n');
    xml.out
}

/// Lima keeps UTC−5 all year (no daylight saving time), so a fixed offset is exact; SUNAT reads
/// the issue date and time as Lima's.
pub(super) fn in_lima(at: DateTime<Utc>) -> DateTime<FixedOffset> {
    at.with_timezone(&FixedOffset::west_opt(5 * 3600).expect("five hours is a valid offset"))
}

/// An amount as SUNAT wants it: to the cent, always two decimals (`25.00`, not `25`).
pub(super) fn money(amount: Decimal) -> String {
    let mut cents = to_cents(amount);
    cents.rescale(2);
    cents.to_string()
}

fn body(x: &mut Xml, doc: &ReceiptDocument) {
    let currency = doc.currency.as_str();
    let issued = in_lima(doc.issued_at);
    let credit_note = doc.kind.is_credit_note();
    x.within("ext:UBLExtensions", |x| x.within("ext:UBLExtension", |x| x.leaf("ext:ExtensionContent", &[], "")));
    x.leaf("cbc:UBLVersionID", &[], "2.1");
    x.leaf("cbc:CustomizationID", &[], "2.0");
    x.leaf("cbc:ID", &[], &doc.number.to_string());
    x.leaf("cbc:IssueDate", &[], &issued.format("%Y-%m-%d").to_string());
    x.leaf("cbc:IssueTime", &[], &issued.format("%H:%M:%S").to_string());
    if !credit_note {
        // Catalogue 51: 0101 is a domestic sale.
        x.leaf("cbc:InvoiceTypeCode", &[("listID", "0101")], doc.kind.sunat_code());
    }
    x.leaf("cbc:DocumentCurrencyCode", &[], currency);
    // A credit note without `credited` is not built by billing; were one passed, it would still
    // be rendered, and SUNAT would refuse it for the missing reference.
    if let Some(credited) = doc.credited.as_ref().filter(|_| credit_note) {
        let number = credited.number.to_string();
        x.within("cac:DiscrepancyResponse", |x| {
            x.leaf("cbc:ReferenceID", &[], &number);
            x.leaf("cbc:ResponseCode", &[], &credited.reason_code);
            x.leaf("cbc:Description", &[], &credited.reason);
        });
        x.within("cac:BillingReference", |x| {
            x.within("cac:InvoiceDocumentReference", |x| {
                x.leaf("cbc:ID", &[], &number);
                x.leaf("cbc:DocumentTypeCode", &[], credited.kind.sunat_code());
            });
        });
    }
    x.within("cac:Signature", |x| {
        x.leaf("cbc:ID", &[], &doc.seller.id);
        x.within("cac:SignatoryParty", |x| {
            x.within("cac:PartyIdentification", |x| x.leaf("cbc:ID", &[], &doc.seller.id));
            x.within("cac:PartyName", |x| x.leaf("cbc:Name", &[], &doc.seller.name));
        });
        x.within("cac:DigitalSignatureAttachment", |x| {
            x.within("cac:ExternalReference", |x| x.leaf("cbc:URI", &[], "#SignatureSP"));
        });
    });
    // Annex code 0000: the seller's fiscal address (its main establishment).
    x.within("cac:AccountingSupplierParty", |x| party(x, &doc.seller, Some("0000")));
    x.within("cac:AccountingCustomerParty", |x| party(x, &doc.buyer, None));
    if doc.kind == ReceiptKind::Invoice {
        // SUNAT requires a factura to say whether it is paid at once or on credit; ours are paid.
        x.within("cac:PaymentTerms", |x| {
            x.leaf("cbc:ID", &[], "FormaPago");
            x.leaf("cbc:PaymentMeansID", &[], "Contado");
        });
    }
    x.within("cac:TaxTotal", |x| tax_total(x, currency, doc.base, doc.igv, None));
    x.within("cac:LegalMonetaryTotal", |x| {
        x.amount("cbc:LineExtensionAmount", currency, doc.base);
        x.amount("cbc:TaxInclusiveAmount", currency, doc.total);
        x.amount("cbc:PayableAmount", currency, doc.total);
    });
    let percent = (doc.igv_rate * Decimal::ONE_HUNDRED).normalize().to_string();
    for (index, line) in doc.lines.iter().enumerate() {
        line_element(x, doc.kind, currency, &percent, index + 1, line);
    }
}

/// A party by its id (schemeID: catalogue 06) and legal name; the seller's establishment code
/// goes in its registration address.
fn party(x: &mut Xml, party: &Party, establishment: Option<&str>) {
    x.within("cac:Party", |x| {
        x.within("cac:PartyIdentification", |x| {
            x.leaf("cbc:ID", &[("schemeID", party.id_kind.sunat_code())], &party.id);
        });
        x.within("cac:PartyLegalEntity", |x| {
            x.leaf("cbc:RegistrationName", &[], &party.name);
            if establishment.is_some() || party.address.is_some() {
                x.within("cac:RegistrationAddress", |x| {
                    if let Some(code) = establishment {
                        x.leaf("cbc:AddressTypeCode", &[], code);
                    }
                    if let Some(address) = &party.address {
                        x.within("cac:AddressLine", |x| x.leaf("cbc:Line", &[], address));
                    }
                });
            }
        });
    });
}

/// IGV on `base`; a line's tax also carries its rate and why it is taxed (catalogue 07: 10,
/// gravado - operación onerosa), the document's only the scheme.
fn tax_total(x: &mut Xml, currency: &str, base: Decimal, igv: Decimal, line_percent: Option<&str>) {
    x.amount("cbc:TaxAmount", currency, igv);
    x.within("cac:TaxSubtotal", |x| {
        x.amount("cbc:TaxableAmount", currency, base);
        x.amount("cbc:TaxAmount", currency, igv);
        x.within("cac:TaxCategory", |x| {
            if let Some(percent) = line_percent {
                x.leaf("cbc:Percent", &[], percent);
                x.leaf("cbc:TaxExemptionReasonCode", &[], "10");
            }
            // Catalogue 05: 1000 is IGV.
            x.within("cac:TaxScheme", |x| {
                x.leaf("cbc:ID", &[], "1000");
                x.leaf("cbc:Name", &[], "IGV");
                x.leaf("cbc:TaxTypeCode", &[], "VAT");
            });
        });
    });
}

fn line_element(x: &mut Xml, kind: ReceiptKind, currency: &str, percent: &str, number: usize, line: &Line) {
    let (tag, quantity_tag) = if kind.is_credit_note() {
        ("cac:CreditNoteLine", "cbc:CreditedQuantity")
    } else {
        ("cac:InvoiceLine", "cbc:InvoicedQuantity")
    };
    // The unit value without IGV; two decimals are within SUNAT's tolerance on quantity × value.
    let unit_base = line.base.checked_div(Decimal::from(line.quantity)).unwrap_or(line.base);
    x.within(tag, |x| {
        x.leaf("cbc:ID", &[], &number.to_string());
        // ZZ (UN/ECE rec. 20): a unit of service.
        x.leaf(quantity_tag, &[("unitCode", "ZZ")], &line.quantity.to_string());
        x.amount("cbc:LineExtensionAmount", currency, line.base);
        x.within("cac:PricingReference", |x| {
            x.within("cac:AlternativeConditionPrice", |x| {
                x.amount("cbc:PriceAmount", currency, line.unit_price);
                // Catalogue 16: 01 is the unit price with taxes.
                x.leaf("cbc:PriceTypeCode", &[], "01");
            });
        });
        x.within("cac:TaxTotal", |x| tax_total(x, currency, line.base, line.igv, Some(percent)));
        x.within("cac:Item", |x| x.leaf("cbc:Description", &[], &line.description));
        x.within("cac:Price", |x| x.amount("cbc:PriceAmount", currency, unit_base));
    });
}

/// An indented XML writer that can only nest elements properly, so the output is well formed.
struct Xml {
    out: String,
    depth: usize,
}

impl Xml {
    fn open_tag(&mut self, name: &str, attrs: &[(&str, &str)]) {
        let attrs: String = attrs.iter().map(|(key, value)| format!(" {key}=\"{}\"", escape(value))).collect();
        self.out.push_str(&format!("\n{}<{name}{attrs}>", "  ".repeat(self.depth)));
    }

    fn element(&mut self, name: &str, attrs: &[(&str, &str)], children: impl FnOnce(&mut Self)) {
        self.open_tag(name, attrs);
        self.depth += 1;
        children(self);
        self.depth -= 1;
        self.out.push_str(&format!("\n{}</{name}>", "  ".repeat(self.depth)));
    }

    fn within(&mut self, name: &str, children: impl FnOnce(&mut Self)) {
        self.element(name, &[], children);
    }

    fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.open_tag(name, attrs);
        self.out.push_str(&format!("{}</{name}>", escape(text)));
    }

    fn amount(&mut self, name: &str, currency: &str, value: Decimal) {
        self.leaf(name, &[("currencyID", currency)], &money(value));
    }
}

/// Text and attribute values as XML 1.0 allows them: markup characters escaped, and the control
/// characters it forbids (everything below U+0020 but tab and line breaks, U+FFFE, U+FFFF) dropped,
/// since names and descriptions are typed by users.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests;
