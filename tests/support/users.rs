//! Signed-in users of every role, and the operations tests send most.

use entities::{Language, UserRole};
use serde_json::{Value, json};
use zainab_api::domain::users::{self, CreateUserInput};

use crate::{GqlResponse, PASSWORD, TestApp, Vars};

/// A user signed in through the API.
#[derive(Debug, Clone)]
pub struct TestUser {
    pub id: String,
    pub username: String,
    pub role: UserRole,
    pub token: String,
    pub refresh_token: String,
    /// The normalised mobile number alerts go to (staff made by the harness).
    pub phone: Option<String>,
}

impl TestUser {
    pub async fn gql(&self, app: &TestApp, query: &str, variables: Vars) -> GqlResponse {
        app.gql(Some(&self.token), query, variables).await
    }

    /// As [`TestUser::gql`], with files (a GraphQL multipart request).
    pub async fn upload(
        &self,
        app: &TestApp,
        query: &str,
        variables: Vars,
        files: Vec<crate::graphql::File>,
    ) -> GqlResponse {
        app.upload(Some(&self.token), query, variables, files).await
    }
}

impl TestApp {
    /// A staff account of `role` scoped to `jurisdiction` (a district id for
    /// district police, child protection and facilitation officers, a region id for regional
    /// police, a province id for provincial oversight; ignored otherwise),
    /// created as the command line does and signed in over GraphQL.
    pub async fn staff(&self, role: UserRole, jurisdiction: &str) -> TestUser {
        self.staff_speaking(role, jurisdiction, Language::English)
            .await
    }

    /// As [`TestApp::staff`], with the language of their SMS alerts.
    pub async fn staff_speaking(
        &self,
        role: UserRole,
        jurisdiction: &str,
        language: Language,
    ) -> TestUser {
        let username = format!("{}-{}", role_slug(role), uuid::Uuid::now_v7().simple());
        let phone = unique_phone();
        let mut input = CreateUserInput {
            username: username.clone(),
            display_name: format!("Test {}", role_slug(role)),
            role,
            phone: Some(phone.clone()),
            district_id: None,
            region_id: None,
            province_id: None,
            office: None,
            password: Some(PASSWORD.to_owned()),
            language: Some(language),
        };
        match role {
            UserRole::DistrictPolice | UserRole::ChildProtection => {
                input.district_id = Some(jurisdiction.to_owned())
            }
            UserRole::FacilitationOfficer => {
                input.district_id = Some(jurisdiction.to_owned());
                input.office = Some("Assistant Commissioner's office, Model Town".to_owned());
            }
            UserRole::RegionalPolice => input.region_id = Some(jurisdiction.to_owned()),
            UserRole::ProvincialOversight => input.province_id = Some(jurisdiction.to_owned()),
            _ => {}
        }
        users::create(&self.state, None, input)
            .await
            .unwrap_or_else(|err| panic!("creating a {role:?}: {} {}", err.code(), err.message()));
        let mut user = self.login(&username, PASSWORD, role).await;
        user.phone = Some(format!("+92{}", &phone[1..]));
        user
    }

    pub async fn login(&self, username: &str, password: &str, role: UserRole) -> TestUser {
        let response = self
            .anonymous(
                ops::LOGIN,
                json!({ "username": username, "password": password }),
            )
            .await;
        session_user(response.data()["login"].clone(), username, role)
    }

    /// A citizen who signed up in the app with `phone`.
    pub async fn citizen(&self, phone: &str) -> TestUser {
        let response = self
            .anonymous(
                ops::REGISTER_CITIZEN,
                json!({ "name": "Shabana Bibi", "phone": phone, "password": PASSWORD }),
            )
            .await;
        let session = response.data()["registerCitizen"].clone();
        let username = session["user"]["username"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        session_user(session, &username, UserRole::Citizen)
    }

    /// Files a valid report of a missing child in `district` as `user`.
    pub async fn report(&self, user: &TestUser, district: &str) -> Filed {
        self.report_with(user, case_input(district)).await
    }

    pub async fn report_with(&self, user: &TestUser, input: Value) -> Filed {
        let response = user
            .gql(self, ops::REPORT_CASE, json!({ "input": input }))
            .await;
        let filed = &response.data()["reportCase"];
        Filed {
            id: filed["case"]["id"].as_str().unwrap_or_default().to_owned(),
            number: filed["case"]["caseNumber"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            tracking_code: filed["trackingCode"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            case: filed["case"].clone(),
        }
    }
}

/// A case as its filer got it back.
#[derive(Debug, Clone)]
pub struct Filed {
    pub id: String,
    pub number: String,
    pub tracking_code: String,
    pub case: Value,
}

/// A complete, valid report for `district`; tests change single fields.
pub fn case_input(district: &str) -> Value {
    json!({
        "kind": "MISSING_CHILD",
        "child": {
            "name": "Ayesha Bibi",
            "otherNames": ["عائشہ"],
            "sex": "FEMALE",
            "ageYears": 7,
            "heightCm": 115,
            "languages": ["Urdu", "Punjabi"],
            "distinguishingMarks": "Mole under the right eye",
            "clothing": "Red frock, white sandals",
            "bFormNumber": "35202-1234567-2"
        },
        "lastSeen": {
            "place": "Outside Government Girls Primary School, Gulberg",
            "districtId": district,
            "at": "2026-06-15T05:30:00Z"
        },
        "circumstances": "Did not come home from school.",
        "reporter": {
            "name": "Nasreen Akhtar",
            "relation": "mother",
            "phone": "0300-7654321",
            "cnic": "35202-7654321-4",
            "consentToPublish": true
        }
    })
}

fn session_user(session: Value, username: &str, role: UserRole) -> TestUser {
    TestUser {
        id: session["user"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        username: username.to_owned(),
        role,
        token: session["accessToken"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        refresh_token: session["refreshToken"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        phone: None,
    }
}

fn role_slug(role: UserRole) -> &'static str {
    zainab_api::domain::actor::role_name(role)
}

/// GraphQL operations the tests share.
pub mod ops {
    pub const LOGIN: &str = "mutation($username: String!, $password: String!) {
        login(username: $username, password: $password) {
            accessToken accessTokenExpiresAt refreshToken user { id username role }
        }
    }";

    pub const REGISTER_CITIZEN: &str =
        "mutation($name: String!, $phone: String!, $password: String!) {
        registerCitizen(name: $name, phone: $phone, password: $password) {
            accessToken refreshToken user { id username role phone }
        }
    }";

    pub const REPORT_CASE: &str = "mutation($input: ReportCaseInput!) {
        reportCase(input: $input) {
            trackingCode
            case {
                id caseNumber kind status channel filedAtOffice
                district { id } region { id } province { id }
                lastSeen { suggestedDistrict { id } districtMismatch latitude longitude }
            }
        }
    }";

    pub const CASE: &str = "query($id: ID!) {
        case(id: $id) {
            id caseNumber status closureReason
            child { name ageYears bFormNumber }
            reporter { name phone cnic }
            district { id }
            fir { number policeStation date }
            timeline { kind fromStatus toStatus note visibleToReporter }
            allowedActions
        }
    }";

    pub const CASES: &str = "query($first: Int, $after: String, $filter: CaseFilter) {
        cases(first: $first, after: $after, filter: $filter) {
            nodes { id caseNumber status district { id } }
            pageInfo { hasNextPage endCursor }
        }
    }";

    pub const TRACK: &str = "query($number: String!, $code: String!) {
        trackCase(caseNumber: $number, trackingCode: $code) {
            caseNumber status childName district { id name }
            updates { kind toStatus note }
        }
    }";
}

/// A mobile number no other test user of this process has, so that each
/// officer's SMS can be told apart: `+92 345 ...` counting up.
pub fn unique_phone() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(1);
    format!("0345{:07}", NEXT.fetch_add(1, Ordering::Relaxed))
}
