//! The police queue: the open cases of the officer's scope, overdue ones
//! first (most overdue on top), then the newest; each with its next
//! deadline counting down, breaches in red, kept live by the scope feed.

use std::collections::HashSet;

use serde_json::{Value, json};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::{
    app::{use_auth, use_lang},
    forms::{self, Load},
    i18n::Lang,
    live::{self, LiveEvent},
    pages::home::gate,
    route::Route,
    time,
};

const QUEUE: &str = "query Queue { cases(first: 100, filter: { statuses: [REPORTED, ACKNOWLEDGED, REPORTER_CONTACTED, FIR_REGISTERED, UNDER_INVESTIGATION] }) { nodes { id caseNumber kind status reportedAt child { name ageYears sex } district { name nameUr } deadlines { kind dueAt status } } } }";

pub const SCOPE_FEED: &str = "subscription Feed($after: ID) { scopeFeed(after: $after) { id kind caseId caseNumber toStatus } }";

/// A case's earliest open deadline: (kind, due in ms since the epoch).
pub fn next_deadline(case: &Value) -> Option<(String, i64)> {
    case["deadlines"]
        .as_array()?
        .iter()
        .filter(|d| d["status"] == "OPEN")
        .filter_map(|d| Some((forms::s(&d["kind"]), time::epoch_ms(d["dueAt"].as_str()?)?)))
        .min_by_key(|(_, due)| *due)
}

/// Overdue cases first, most overdue on top; then the newest first.
pub fn order(cases: &mut [Value], now_ms: i64) {
    cases.sort_by_key(|case| {
        let reported = case["reportedAt"]
            .as_str()
            .and_then(time::epoch_ms)
            .unwrap_or(0);
        match next_deadline(case) {
            Some((_, due)) if due < now_ms => (0, due),
            _ => (1, -reported),
        }
    });
}

/// Now, a second at a time, for countdowns.
#[hook]
pub fn use_now() -> i64 {
    let now = use_state(time::now_ms);
    {
        let now = now.clone();
        use_effect_with((), move |_| {
            let tick = gloo_timers::callback::Interval::new(1_000, move || now.set(time::now_ms()));
            move || drop(tick)
        });
    }
    *now
}

/// Whether the feed is live, and a counter that moves with every event.
#[hook]
pub fn use_feed(enabled: bool) -> (bool, u32, Option<Value>) {
    let connected = use_state(|| false);
    let events = use_state(|| 0u32);
    let last = use_state(|| None::<Value>);
    {
        let (connected, events, last) = (connected.clone(), events.clone(), last.clone());
        use_effect_with(enabled, move |enabled| {
            let sub = enabled.then(|| {
                let counter = std::rc::Rc::new(std::cell::Cell::new(0u32));
                live::subscribe(
                    SCOPE_FEED,
                    "scopeFeed",
                    json!({}),
                    Callback::from(move |event| match event {
                        LiveEvent::Connected => connected.set(true),
                        LiveEvent::Reconnecting | LiveEvent::Error(_) => connected.set(false),
                        LiveEvent::Next(value) => {
                            counter.set(counter.get().wrapping_add(1));
                            events.set(counter.get());
                            last.set(Some(value));
                        }
                    }),
                )
            });
            move || drop(sub)
        });
    }
    (*connected, *events, (*last).clone())
}

pub fn countdown_cell(lang: Lang, deadline: Option<(String, i64)>, now: i64) -> Html {
    match deadline {
        Some((kind, due)) => {
            let c = time::countdown(due, now);
            let class = if c.overdue {
                "countdown breach"
            } else {
                "countdown"
            };
            let word = if c.overdue {
                lang.t("overdue")
            } else {
                lang.t("left")
            };
            html! {
                <span class={class} role={if c.overdue { "status" } else { "timer" }}>
                    <span class="dl-kind">{ deadline_label(lang, &kind) }</span>{ " " }
                    <strong>{ c.text }</strong>{ " " }{ word }
                </span>
            }
        }
        None => html! { <span class="muted">{ "—" }</span> },
    }
}

pub fn deadline_label(lang: Lang, kind: &str) -> &'static str {
    match kind {
        "ACKNOWLEDGE" => lang.t("ACKNOWLEDGE_DL"),
        "CONTACT_REPORTER" => lang.t("CONTACT_REPORTER"),
        "REGISTER_FIR" => lang.t("fir"),
        _ => lang.t("CONCLUDE"),
    }
}

pub fn status_label(lang: Lang, status: &Value) -> Html {
    let key = status.as_str().unwrap_or_default();
    let text = crate::i18n::Lang::t(lang, status_key(key));
    html! { <span class={classes!("status", format!("st-{}", key.to_lowercase()))}>{ text }</span> }
}

/// Maps an API status to the static key of its label.
fn status_key(key: &str) -> &'static str {
    const KNOWN: [&str; 10] = [
        "REPORTED",
        "ACKNOWLEDGED",
        "REPORTER_CONTACTED",
        "FIR_REGISTERED",
        "UNDER_INVESTIGATION",
        "RECOVERED",
        "FOUND_DECEASED",
        "CLOSED",
        "MISSING",
        "FOUND",
    ];
    KNOWN
        .iter()
        .find(|k| **k == key)
        .copied()
        .unwrap_or("UNKNOWN")
}

#[function_component(Queue)]
pub fn queue() -> Html {
    let lang = use_lang();
    let auth = use_auth();
    let allowed = auth.session.as_ref().is_some_and(|s| s.sees_feed());
    let now = use_now();
    let (connected, events, last) = use_feed(allowed);
    let fresh = use_mut_ref(HashSet::<String>::new);
    if let Some(number) = last
        .as_ref()
        .filter(|e| e["kind"] == "CASE_FILED")
        .map(|e| forms::s(&e["caseNumber"]))
    {
        fresh.borrow_mut().insert(number);
    }
    let load = forms::use_gql(QUEUE, json!({}), events);

    if !allowed {
        return html! { <section><h1>{ lang.t("queue") }</h1>{ gate(lang, auth.session.is_some()) }</section> };
    }
    let Load::Ready(data) = &load else {
        return html! { <section><h1>{ lang.t("queue") }</h1>{ forms::not_ready(&load, lang) }</section> };
    };
    let mut cases = data["cases"]["nodes"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    order(&mut cases, now);

    html! {
        <section>
            <div class="title-row">
                <h1>{ lang.t("queue") }</h1>
                <span id="live-state" class={if connected { "live on" } else { "live" }} aria-live="polite">
                    { if connected { lang.t("live") } else { lang.t("offline") } }
                </span>
            </div>
            if cases.is_empty() {
                <p>{ lang.t("none_open") }</p>
            } else {
                <div class="table-wrap">
                <table class="queue">
                    <caption class="sr-only">{ lang.t("queue") }</caption>
                    <thead><tr>
                        <th scope="col">{ lang.t("case_number") }</th>
                        <th scope="col">{ lang.t("child") }</th>
                        <th scope="col">{ lang.t("district") }</th>
                        <th scope="col">{ lang.t("status") }</th>
                        <th scope="col">{ lang.t("deadline") }</th>
                        <th scope="col">{ lang.t("reported") }</th>
                    </tr></thead>
                    <tbody>
                    { for cases.iter().map(|case| {
                        let number = forms::s(&case["caseNumber"]);
                        let deadline = next_deadline(case);
                        let overdue = deadline.as_ref().is_some_and(|(_, due)| *due < now);
                        let class = classes!(
                            "case-row",
                            overdue.then_some("breach-row"),
                            fresh.borrow().contains(&number).then_some("fresh"),
                        );
                        let district = match lang {
                            Lang::En => forms::s(&case["district"]["name"]),
                            Lang::Ur => forms::s(&case["district"]["nameUr"]),
                        };
                        html! {
                            <tr class={class} data-case={number.clone()}>
                                <td><Link<Route> to={Route::Case { number: number.clone() }}>{ &number }</Link<Route>></td>
                                <td>{ forms::s(&case["child"]["name"]) }{ ", " }{ case["child"]["ageYears"].as_i64().unwrap_or_default() }</td>
                                <td>{ district }</td>
                                <td>{ status_label(lang, &case["status"]) }</td>
                                <td>{ countdown_cell(lang, deadline, now) }</td>
                                <td>{ time::format_pkt(case["reportedAt"].as_str().unwrap_or_default()) }</td>
                            </tr>
                        }
                    }) }
                    </tbody>
                </table>
                </div>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(number: &str, reported: &str, due: Option<&str>) -> Value {
        let deadlines = match due {
            Some(due) => json!([{ "kind": "ACKNOWLEDGE", "dueAt": due, "status": "OPEN" },
                                { "kind": "CONCLUDE", "dueAt": "2030-01-01T00:00:00Z", "status": "OPEN" },
                                { "kind": "REGISTER_FIR", "dueAt": "2020-01-01T00:00:00Z", "status": "MET" }]),
            None => json!([]),
        };
        json!({ "caseNumber": number, "reportedAt": reported, "deadlines": deadlines })
    }

    #[test]
    fn overdue_cases_come_first_most_overdue_on_top_then_newest() {
        let now = time::epoch_ms("2026-06-15T12:00:00Z").unwrap_or_default();
        let mut cases = vec![
            case(
                "old-on-time",
                "2026-06-15T08:00:00Z",
                Some("2026-06-15T13:00:00Z"),
            ),
            case("late", "2026-06-15T09:00:00Z", Some("2026-06-15T11:30:00Z")),
            case(
                "newest",
                "2026-06-15T11:00:00Z",
                Some("2026-06-15T14:00:00Z"),
            ),
            case(
                "latest-breach",
                "2026-06-15T07:00:00Z",
                Some("2026-06-15T10:00:00Z"),
            ),
            case("no-deadline", "2026-06-15T10:00:00Z", None),
        ];
        order(&mut cases, now);
        let numbers: Vec<_> = cases.iter().map(|c| forms::s(&c["caseNumber"])).collect();
        assert_eq!(
            numbers,
            [
                "latest-breach",
                "late",
                "newest",
                "no-deadline",
                "old-on-time"
            ]
        );
    }

    #[test]
    fn the_next_deadline_is_the_earliest_open_one() {
        let c = case("x", "2026-06-15T08:00:00Z", Some("2026-06-15T13:00:00Z"));
        let (kind, due) = next_deadline(&c).unwrap_or_default();
        assert_eq!(kind, "ACKNOWLEDGE");
        assert_eq!(Some(due), time::epoch_ms("2026-06-15T13:00:00Z"));
    }
}
