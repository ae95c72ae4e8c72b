//! A citizen reports a missing child and gets the receipt.

use yew::prelude::*;

use crate::{
    app::{use_auth, use_lang},
    filing::{FilingForm, Receipt, ReceiptView},
    pages::home::gate,
};

#[function_component(Report)]
pub fn report() -> Html {
    let lang = use_lang();
    let auth = use_auth();
    let receipt = use_state(|| None::<Receipt>);
    if auth.session.as_ref().is_none_or(|s| s.role() != "CITIZEN") {
        return html! { <section><h1>{ lang.t("report") }</h1>{ gate(lang, auth.session.is_some()) }</section> };
    }
    let on_filed = {
        let receipt = receipt.clone();
        Callback::from(move |r| receipt.set(Some(r)))
    };
    let on_again = {
        let receipt = receipt.clone();
        Callback::from(move |_| receipt.set(None))
    };
    html! {
        <section>
            <h1>{ lang.t("report") }</h1>
            if let Some(r) = &*receipt {
                <ReceiptView receipt={r.clone()} {on_again} />
            } else {
                <FilingForm {on_filed} />
            }
        </section>
    }
}
