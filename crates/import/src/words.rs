//! The words that the import's sentences insert, in English and Simplified Chinese: what an
//! empty cell should have held, and the kinds of document a file names.
//!
//! A sentence takes the word in the language of the thread that writes it, so the words stay
//! words here and become text only inside a sentence (see `creditdesk_core::text`).

use creditdesk_core::text::Word;

/// What a required cell holds, as said in "the cell is empty, but ... is required here".
pub(crate) mod required {
    use super::Word;

    pub(crate) const INVOICE_NUMBER: Word = Word::new("an invoice number", "发票号");
    pub(crate) const DATE: Word = Word::new("a date", "日期");
    pub(crate) const AMOUNT: Word = Word::new("an amount", "金额");
    /// The reference of a payment, credit note or write-off.
    pub(crate) const REFERENCE: Word = Word::new("a reference", "单号");
    pub(crate) const CUSTOMER: Word = Word::new("a customer", "客户");
    pub(crate) const CUSTOMER_ID: Word = Word::new("a customer id", "客户编号");
    pub(crate) const CUSTOMER_NAME: Word = Word::new("a customer name", "客户名称");
    pub(crate) const CONTACT_NAME: Word = Word::new("a contact name", "联系人名称");
    pub(crate) const CLIENT: Word = Word::new("a client", "客户");
    pub(crate) const CLIENT_NAME: Word = Word::new("a client name", "客户名称");
    pub(crate) const NAME: Word = Word::new("a name", "名称");
    pub(crate) const ORGANIZATION_OR_PERSON: Word =
        Word::new("an organization or a person's name", "单位名称或个人姓名");
}

/// Kinds of document, as said in "is already used by the invoice on line 7".
pub(crate) mod document {
    use super::Word;

    pub(crate) const INVOICE: Word = Word::new("invoice", "发票");
    pub(crate) const CUSTOMER: Word = Word::new("customer", "客户");
    /// What an accounting system calls its customer (FreshBooks, Invoice Ninja).
    pub(crate) const CLIENT: Word = Word::new("client", "客户");
    pub(crate) const PAYMENT: Word = Word::new("payment", "收款");
    /// A payment, credit note or write-off of the generic layout.
    pub(crate) const SETTLEMENT: Word = Word::new("settlement", "核销单据");
}
