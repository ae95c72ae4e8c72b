//! A realistic demo data set: staff of every role in five districts across
//! the country, ten citizens, and forty cases at every stage of their
//! lifecycle. Everything goes through the same domain functions the API
//! uses, so the demo obeys the same rules and leaves the same audit trail.

use anyhow::{Context, anyhow};
use chrono::{Duration, Utc};
use entities::{CaseKind, ClosureReason, Sex, UserRole, user};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::{
    auth::passwords,
    domain::{
        actor::Actor,
        caller::Caller,
        cases::{self, FirInput, Step},
        geo::DistrictRef,
        intake::{self, ChildInput, LastSeenInput, ReportCaseInput, ReporterInput},
        users::{self, CreateUserInput},
    },
    error::ApiError,
    state::AppState,
};

/// The districts the demo staffs, by name, one per province or territory.
const DEMO_DISTRICTS: [(&str, &str); 5] = [
    ("PB", "Lahore"),
    ("SD", "Karachi"),
    ("KP", "Peshawar"),
    ("BA", "Quetta"),
    ("ICT", "Islamabad"),
];

const CHILDREN: [(&str, Sex); 20] = [
    ("Ayesha Bibi", Sex::Female),
    ("Muhammad Ali", Sex::Male),
    ("Fatima Noor", Sex::Female),
    ("Hassan Raza", Sex::Male),
    ("Zara Khan", Sex::Female),
    ("Bilal Ahmed", Sex::Male),
    ("Maryam Iqbal", Sex::Female),
    ("Usman Ghani", Sex::Male),
    ("Hira Shah", Sex::Female),
    ("Abdullah Khan", Sex::Male),
    ("Sana Parveen", Sex::Female),
    ("Hamza Yousaf", Sex::Male),
    ("Iqra Batool", Sex::Female),
    ("Zain Abbas", Sex::Male),
    ("Kinza Malik", Sex::Female),
    ("Ahmed Baloch", Sex::Male),
    ("Rabia Akhtar", Sex::Female),
    ("Saad Hussain", Sex::Male),
    ("Amna Siddiqui", Sex::Female),
    ("Shahzaib Mengal", Sex::Male),
];

const PLACES: [&str; 5] = [
    "Outside the government primary school, main gate",
    "Sunday bazaar, near the fruit stalls",
    "Bus stop on the main road",
    "Neighbourhood park by the mosque",
    "Madrassa on the street behind the house",
];

/// One staffed district and its officers.
struct Staffed<'g> {
    district: &'g DistrictRef,
    police: Caller,
    facilitation: Caller,
}

/// Loads the demo data set; refuses if it is already there.
pub async fn demo(state: &AppState) -> anyhow::Result<()> {
    let already = user::Entity::find()
        .filter(user::Column::Username.eq("dg.zarra"))
        .one(&state.db)
        .await?
        .is_some();
    anyhow::ensure!(!already, "the demo data set is already loaded");

    let password = passwords::random_password();
    let mut staffed = Vec::new();
    for (province_id, name) in DEMO_DISTRICTS {
        let district = pick_district(state, province_id, name)?;
        let slug = district
            .id
            .trim_start_matches(&format!("{province_id}-"))
            .to_owned();
        let police = staff(
            state,
            &password,
            &format!("dpo.{slug}"),
            "District Police Officer",
            UserRole::DistrictPolice,
            district,
        )
        .await?;
        let facilitation = staff(
            state,
            &password,
            &format!("office.{slug}"),
            "Facilitation desk",
            UserRole::FacilitationOfficer,
            district,
        )
        .await?;
        staff(
            state,
            &password,
            &format!(
                "rpo.{}",
                district
                    .region_id
                    .rsplit("-div-")
                    .next()
                    .unwrap_or_default()
            ),
            "Regional Police Officer",
            UserRole::RegionalPolice,
            district,
        )
        .await?;
        staff(
            state,
            &password,
            &format!("ig.{}", province_id.to_lowercase()),
            "Inspector General of Police",
            UserRole::ProvincialOversight,
            district,
        )
        .await?;
        staffed.push(Staffed {
            district,
            police,
            facilitation,
        });
    }
    staff(
        state,
        &password,
        "dg.zarra",
        "Director General, ZARRA",
        UserRole::Ministry,
        staffed[0].district,
    )
    .await?;
    staff(
        state,
        &password,
        "analyst.zarra",
        "ZARRA analyst",
        UserRole::Ministry,
        staffed[0].district,
    )
    .await?;

    // Enough families that none is over the daily limit of reports.
    let mut citizens = vec![
        citizen(state, "Nasreen Akhtar", "0300 1110001", &password).await?,
        citizen(state, "Tariq Mehmood", "0333 2220002", &password).await?,
    ];
    for (index, name) in FAMILIES.iter().enumerate() {
        citizens.push(citizen(state, name, &format!("0345 33000{index:02}"), &password).await?);
    }

    for index in 0..40 {
        let place = &staffed[index % staffed.len()];
        let filer = if index % 3 == 0 {
            &place.facilitation
        } else {
            &citizens[index % citizens.len()]
        };
        file_case(state, filer, &place.police, place.district, index).await?;
    }

    println!("Demo data loaded: 40 cases in {} districts.", staffed.len());
    println!(
        "Staff accounts: dg.zarra, analyst.zarra, ig.<province>, rpo.<region>, dpo.<district>, office.<district>;"
    );
    println!(
        "citizens: +923001110001, +923332220002 and +923453300000 to +923453300007. Password for all (shown once): {password}"
    );
    Ok(())
}

fn pick_district<'g>(
    state: &'g AppState,
    province_id: &str,
    name: &str,
) -> anyhow::Result<&'g DistrictRef> {
    let mut in_province = state
        .geo
        .districts()
        .iter()
        .filter(|d| d.province_id == province_id);
    let first = in_province.clone().next();
    in_province
        .find(|d| d.name.starts_with(name))
        .or(first)
        .ok_or_else(|| anyhow!("no districts loaded for province {province_id}"))
}

async fn staff(
    state: &AppState,
    password: &str,
    username: &str,
    title: &str,
    role: UserRole,
    district: &DistrictRef,
) -> anyhow::Result<Caller> {
    let (province_id, region_id, district_id) = match role {
        UserRole::DistrictPolice | UserRole::FacilitationOfficer => {
            (None, None, Some(district.id.clone()))
        }
        UserRole::RegionalPolice => (None, Some(district.region_id.clone()), None),
        UserRole::ProvincialOversight => (Some(district.province_id.clone()), None, None),
        _ => (None, None, None),
    };
    let office = (role == UserRole::FacilitationOfficer)
        .then(|| format!("Deputy Commissioner's office, {}", district.name));
    let input = CreateUserInput {
        username: username.to_owned(),
        display_name: format!("{title}, {}", district.name),
        role,
        phone: None,
        district_id,
        region_id,
        province_id,
        office,
        password: Some(password.to_owned()),
        language: None,
    };
    let (user, _) = users::create(state, None, input)
        .await
        .map_err(ApiError::into_anyhow)?;
    Ok(Caller {
        actor: Some(Actor::from_user(&user, false)),
        client_ip: None,
    })
}

/// The other demo families; their phones are 0345 3300000 onwards.
const FAMILIES: [&str; 8] = [
    "Rukhsana Parveen",
    "Imran Qureshi",
    "Shazia Naz",
    "Abdul Ghafoor",
    "Farzana Kausar",
    "Naveed Iqbal",
    "Samina Riaz",
    "Khalid Mahmood",
];

async fn citizen(
    state: &AppState,
    name: &str,
    phone: &str,
    password: &str,
) -> anyhow::Result<Caller> {
    crate::auth::sessions::register_citizen(state, &Caller::default(), name, phone, password)
        .await
        .map_err(ApiError::into_anyhow)?;
    let user = user::Entity::find()
        .filter(
            user::Column::Username.eq(crate::domain::phone::PhoneNumber::parse(phone)
                .map_err(|m| anyhow!(m))?
                .as_str()),
        )
        .one(&state.db)
        .await?
        .context("the citizen just registered is missing")?;
    Ok(Caller {
        actor: Some(Actor::from_user(&user, false)),
        client_ip: None,
    })
}

/// Files demo case number `index` and walks it some way through its
/// lifecycle, so that the demo shows every stage.
async fn file_case(
    state: &AppState,
    filer: &Caller,
    police: &Caller,
    district: &DistrictRef,
    index: usize,
) -> anyhow::Result<()> {
    let (name, sex) = CHILDREN[index % CHILDREN.len()];
    let hours_ago = 2 + (index as i64 * 17) % (24 * 20);
    let kind = match index % 10 {
        7 => CaseKind::Abduction,
        9 => CaseKind::ChildAbuse,
        _ => CaseKind::MissingChild,
    };
    let input = ReportCaseInput {
        kind,
        child: ChildInput {
            name: name.to_owned(),
            other_names: None,
            sex,
            date_of_birth: None,
            age_years: Some(3 + (index as i32 * 5) % 14),
            height_cm: Some(90 + (index as i32 * 7) % 70),
            languages: Some(vec!["Urdu".to_owned()]),
            distinguishing_marks: index
                .is_multiple_of(4)
                .then(|| "Small scar above the left eyebrow".to_owned()),
            clothing: Some("Blue shalwar kameez, black sandals".to_owned()),
            b_form_number: None,
        },
        last_seen: LastSeenInput {
            place: PLACES[index % PLACES.len()].to_owned(),
            district_id: district.id.clone(),
            latitude: Some(district.hq.lat + 0.01),
            longitude: Some(district.hq.lon - 0.01),
            at: Utc::now() - Duration::hours(hours_ago),
        },
        circumstances: Some(
            "Did not come home at the usual time; family and neighbours searched the area."
                .to_owned(),
        ),
        reporter: ReporterInput {
            name: "Demo reporter".to_owned(),
            relation: if index.is_multiple_of(2) {
                "mother"
            } else {
                "father"
            }
            .to_owned(),
            phone: format!("0301 55{:05}", index),
            cnic: None,
            consent_to_publish: index % 3 != 2,
            consent_to_publish_full_name: false,
            language: Some(if index.is_multiple_of(4) {
                entities::Language::English
            } else {
                entities::Language::Urdu
            }),
        },
    };
    let filed = intake::report_case(state, filer, input, Vec::new())
        .await
        .map_err(ApiError::into_anyhow)?;
    let id = filed.case.id;

    let last_seen_day = filed.case.last_seen_at.date_naive();
    let fir = FirInput {
        number: format!("{}/{}", 100 + index, last_seen_day.format("%Y")),
        police_station: format!("Police Station City, {}", district.name),
        date: state.clock.today_in_pakistan().max(last_seen_day),
    };
    let mut steps = vec![
        Step::Acknowledge,
        Step::RecordReporterContact,
        Step::RegisterFir(fir),
        Step::StartInvestigation,
    ];
    match index % 8 {
        0 => steps.clear(),
        1 => steps.truncate(1),
        2 => steps.truncate(2),
        3 => steps.truncate(3),
        5 => steps.push(Step::MarkRecovered),
        6 => steps.push(Step::Close(ClosureReason::Duplicate)),
        _ => {}
    }
    for step in steps {
        cases::take_step(state, police, id, step, None, false)
            .await
            .map_err(ApiError::into_anyhow)?;
    }
    if index % 5 == 4 {
        let note = Some(
            "Search teams are checking the bus terminals; we will call you tomorrow.".to_owned(),
        );
        cases::take_step(state, police, id, Step::AddNote, note, true)
            .await
            .map_err(ApiError::into_anyhow)?;
    }
    Ok(())
}
