//! A facilitation officer files on behalf of a citizen at the counter and
//! prints the receipt.

use yew::prelude::*;

use crate::{
    app::{use_auth, use_lang},
    filing::{FilingForm, Receipt, ReceiptView},
    pages::home::gate,
};

#[function_component(Intake)]
pub fn intake() -> Html {
    let lang = use_lang();
    let auth = use_auth();
    let receipt = use_state(|| None::<Receipt>);
    let Some(session) = auth
        .session
        .as_ref()
        .filter(|s| s.role() == "FACILITATION_OFFICER")
    else {
        return html! { <section><h1>{ lang.t("intake") }</h1>{ gate(lang, auth.session.is_some()) }</section> };
    };
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
            <h1>{ lang.t("intake") }</h1>
            if let Some(office) = &session.user.office {
                <p class="muted">{ office }</p>
            }
            if let Some(r) = &*receipt {
                <ReceiptView receipt={r.clone()} {on_again} />
            } else {
                <FilingForm {on_filed} />
            }
        </section>
    }
}
