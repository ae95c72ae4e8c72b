//! Every page has a path; SMS alerts link to `/cases/NUMBER` and receipts
//! to `/track/NUMBER`, so those two must stay as they are.

use yew_router::Routable;

#[derive(Debug, Clone, PartialEq, Routable)]
pub enum Route {
    #[at("/")]
    Home,
    #[at("/login")]
    Login,
    #[at("/signup")]
    Signup,
    #[at("/queue")]
    Queue,
    #[at("/cases/:number")]
    Case { number: String },
    #[at("/leads")]
    Leads,
    #[at("/found")]
    Found,
    #[at("/notifications")]
    Notifications,
    #[at("/report")]
    Report,
    #[at("/my-cases")]
    MyCases,
    #[at("/intake")]
    Intake,
    #[at("/sms-drafts")]
    SmsDrafts,
    #[at("/sms-drafts/:id")]
    SmsDraft { id: String },
    #[at("/track")]
    TrackForm,
    #[at("/track/:number")]
    Track { number: String },
    #[at("/missing")]
    Register,
    #[at("/missing/:number")]
    Child { number: String },
    #[at("/oversight")]
    Oversight,
    #[at("/admin")]
    Admin,
    #[not_found]
    #[at("/404")]
    NotFound,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_from_sms_and_receipts_reach_their_pages() {
        assert_eq!(
            Route::recognize("/cases/ZA-2026-000123"),
            Some(Route::Case {
                number: "ZA-2026-000123".into()
            })
        );
        assert_eq!(
            Route::recognize("/track/ZA-2026-000123"),
            Some(Route::Track {
                number: "ZA-2026-000123".into()
            })
        );
        assert_eq!(Route::recognize("/track"), Some(Route::TrackForm));
        assert_eq!(Route::recognize("/sms-drafts"), Some(Route::SmsDrafts));
        assert_eq!(
            Route::recognize("/sms-drafts/0190a1b2-0000-7000-8000-000000000001"),
            Some(Route::SmsDraft {
                id: "0190a1b2-0000-7000-8000-000000000001".into()
            })
        );
        assert_eq!(Route::recognize("/no/such/page"), Some(Route::NotFound));
        assert_eq!(
            Route::Child {
                number: "ZA-1".into()
            }
            .to_path(),
            "/missing/ZA-1"
        );
    }
}
