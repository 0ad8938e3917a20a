//! Companies as a client needs them: details, pending invitations and their revocation, tokens
//! acting in another company, and the limits that keep invitations from being a spam relay.

use diesel::sql_types::Text;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use e2e::{Account, TestApp};
use serde_json::{Value, json};
use uuid::Uuid;

async fn invite(app: &TestApp, admin: &Account, tenant_id: Uuid, email: &str, role: &str) -> e2e::Response {
    app.post(
        &format!("/api/v1/tenants/{tenant_id}/invitations"),
        Some(&admin.access),
        json!({ "email": email, "role": role }),
    )
    .await
}

async fn accept(app: &TestApp, account: &Account, token: &str) -> e2e::Response {
    app.post(&format!("/api/v1/invitations/{token}/accept"), Some(&account.access), json!({})).await
}

fn emails(page: &Value) -> Vec<&str> {
    page["items"].as_array().expect("items").iter().map(|i| i["email"].as_str().expect("email")).collect()
}

fn detail(problem: &Value) -> &str {
    problem["detail"].as_str().expect("a detail")
}

#[tokio::test]
async fn members_read_their_company_and_admins_change_its_details() {
    let app = TestApp::spawn().await;
    let (tenant_id, admin) = app.company("acme").await;
    let path = format!("/api/v1/tenants/{tenant_id}");

    let read = app.get(&path, Some(&admin.access)).await;
    assert_eq!(read.status, 200, "{}", read.body);
    assert_eq!(read.body["id"], tenant_id.to_string());
    assert_eq!(read.body["name"], "Empresa acme");
    assert_eq!(read.body["slug"], "acme");
    // Any active member reads it, whatever their role.
    let candidate = app.member(&admin, tenant_id, "carla@acme.pe", "candidate").await;
    let as_candidate = app.get(&path, Some(&candidate.access)).await;
    assert_eq!(as_candidate.status, 200, "{}", as_candidate.body);
    assert_eq!(as_candidate.body["name"], "Empresa acme");

    let changed = app
        .patch(
            &path,
            Some(&admin.access),
            json!({ "name": "  Acme Perú S.A.C. ", "industry": "Minería", "employee_count": 300 }),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(changed.body["name"], "Acme Perú S.A.C.");
    assert_eq!(changed.body["industry"], "Minería");
    assert_eq!(changed.body["employee_count"], 300);
    assert_eq!(changed.body["size"], "201-500");
    assert_eq!(changed.body["slug"], "acme");
    // Absent fields stay; a blank industry clears it.
    let cleared = app.patch(&path, Some(&admin.access), json!({ "industry": "" })).await;
    assert_eq!(cleared.status, 200, "{}", cleared.body);
    assert!(cleared.body["industry"].is_null());
    assert_eq!(cleared.body["name"], "Acme Perú S.A.C.");
    assert_eq!(cleared.body["size"], "201-500");

    // The slug stays: sending it is refused, as is any field breaking a rule.
    let slug = app.patch(&path, Some(&admin.access), json!({ "slug": "otra" })).await;
    slug.problem(422);
    let invalid = app.patch(&path, Some(&admin.access), json!({ "name": " x ", "employee_count": 0 })).await;
    let fields: Vec<&str> =
        invalid.problem(422)["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, vec!["name", "employee_count"]);
    app.patch(&path, Some(&admin.access), json!({ "name": "x".repeat(121) })).await.problem(422);
    app.patch(&path, Some(&admin.access), json!({ "name": "Acme\u{0}" })).await.problem(422);
    app.patch(&path, Some(&admin.access), json!([null])).await.problem(422);

    // Only admins change it.
    let recruiter = app.member(&admin, tenant_id, "rosa@acme.pe", "recruiter").await;
    app.patch(&path, Some(&recruiter.access), json!({ "name": "Tomada" })).await.problem(403);
    app.patch(&path, Some(&candidate.access), json!({ "name": "Tomada" })).await.problem(403);
    let after = app.get(&path, Some(&recruiter.access)).await;
    assert_eq!(after.body["name"], "Acme Perú S.A.C.");
    assert_eq!(after.body["slug"], "acme");
}

#[tokio::test]
async fn another_companys_ids_are_not_found() {
    let app = TestApp::spawn().await;
    let (tenant_a, admin_a) = app.company("empresa-a").await;
    let (tenant_b, admin_b) = app.company("empresa-b").await;
    let invited_b = invite(&app, &admin_b, tenant_b, "luis@empresa-b.pe", "recruiter").await;
    assert_eq!(invited_b.status, 201, "{}", invited_b.body);
    let invitation_b = invited_b.body["id"].as_str().unwrap().to_owned();
    let made_up = Uuid::now_v7();

    let leak = app.get(&format!("/api/v1/tenants/{tenant_b}"), Some(&admin_a.access)).await;
    leak.problem(404);
    let invented = app.get(&format!("/api/v1/tenants/{made_up}"), Some(&admin_a.access)).await;
    assert_eq!(invented.body, leak.body, "an existing and a made-up company look the same");
    app.get("/api/v1/tenants/not-a-uuid", Some(&admin_a.access)).await.problem(404);
    app.patch(&format!("/api/v1/tenants/{tenant_b}"), Some(&admin_a.access), json!({ "name": "Mía" }))
        .await
        .problem(404);

    let listing = app.get(&format!("/api/v1/tenants/{tenant_b}/invitations"), Some(&admin_a.access)).await;
    listing.problem(404);
    let invented = app.get(&format!("/api/v1/tenants/{made_up}/invitations"), Some(&admin_a.access)).await;
    assert_eq!(invented.body, listing.body);
    app.delete(&format!("/api/v1/tenants/{tenant_b}/invitations/{invitation_b}"), Some(&admin_a.access), None)
        .await
        .problem(404);
    // B's invitation through A's own company: not found either.
    app.delete(&format!("/api/v1/tenants/{tenant_a}/invitations/{invitation_b}"), Some(&admin_a.access), None)
        .await
        .problem(404);
    app.delete(&format!("/api/v1/tenants/{tenant_a}/invitations/{made_up}"), Some(&admin_a.access), None)
        .await
        .problem(404);

    // Nothing of B changed.
    let b = app.get(&format!("/api/v1/tenants/{tenant_b}"), Some(&admin_b.access)).await;
    assert_eq!(b.body["name"], "Empresa empresa-b");
    let pending = app.get(&format!("/api/v1/tenants/{tenant_b}/invitations"), Some(&admin_b.access)).await;
    assert_eq!(emails(&pending.body), vec!["luis@empresa-b.pe"]);
}

#[tokio::test]
async fn members_acting_elsewhere_are_told_to_switch_and_strangers_see_nothing() {
    let app = TestApp::spawn().await;
    let (tenant_a, admin) = app.company("empresa-a").await;
    // The admin creates a second company while their token acts in the first.
    let created =
        app.post("/api/v1/tenants", Some(&admin.access), json!({ "name": "Empresa B", "slug": "empresa-b" })).await;
    assert_eq!(created.status, 201, "{}", created.body);
    let tenant_b: Uuid = serde_json::from_value(created.body["id"].clone()).unwrap();

    for (method, path, body) in [
        (reqwest::Method::GET, format!("/api/v1/tenants/{tenant_b}"), None),
        (reqwest::Method::PATCH, format!("/api/v1/tenants/{tenant_b}"), Some(json!({ "name": "Empresa B2" }))),
        (reqwest::Method::GET, format!("/api/v1/tenants/{tenant_b}/members"), None),
        (reqwest::Method::GET, format!("/api/v1/tenants/{tenant_b}/invitations"), None),
        (
            reqwest::Method::POST,
            format!("/api/v1/tenants/{tenant_b}/invitations"),
            Some(json!({ "email": "x@empresa-b.pe", "role": "recruiter" })),
        ),
    ] {
        let answer = app.request(method.clone(), &path, Some(&admin.access), body).await;
        let problem = answer.problem(409);
        assert!(detail(problem).contains("POST /api/v1/auth/switch-tenant"), "{method} {path}: {problem}");
        assert!(detail(problem).contains(&tenant_b.to_string()), "{problem}");
    }
    // A token acting in no company is told the same.
    let nowhere = app.switch(&admin, None).await;
    let problem = app.get(&format!("/api/v1/tenants/{tenant_a}"), Some(&nowhere.access)).await;
    assert!(detail(problem.problem(409)).contains("switch-tenant"));

    // After switching, it works.
    let in_b = app.switch(&admin, Some(tenant_b)).await;
    let read = app.get(&format!("/api/v1/tenants/{tenant_b}"), Some(&in_b.access)).await;
    assert_eq!(read.status, 200, "{}", read.body);
    assert_eq!(read.body["name"], "Empresa B");

    // A stranger, or a suspended member, cannot tell the company from a made-up one.
    let stranger = app.register("extrano@example.pe").await;
    let made_up = app.get(&format!("/api/v1/tenants/{}", Uuid::now_v7()), Some(&stranger.access)).await;
    let real = app.get(&format!("/api/v1/tenants/{tenant_a}"), Some(&stranger.access)).await;
    real.problem(404);
    assert_eq!(real.body, made_up.body);
    let admin_a = app.switch(&admin, Some(tenant_a)).await;
    let rosa = app.member(&admin_a, tenant_a, "rosa@empresa-a.pe", "recruiter").await;
    let rosa_nowhere = app.switch(&rosa, None).await;
    app.patch(
        &format!("/api/v1/tenants/{tenant_a}/members/{}", rosa.id),
        Some(&admin_a.access),
        json!({ "status": "suspended" }),
    )
    .await;
    let suspended = app.get(&format!("/api/v1/tenants/{tenant_a}"), Some(&rosa_nowhere.access)).await;
    assert_eq!(suspended.body, made_up.body);
}

#[tokio::test]
async fn a_promoted_member_is_told_to_renew_their_token() {
    let app = TestApp::spawn().await;
    let (tenant_id, admin) = app.company("acme").await;
    let rosa = app.member(&admin, tenant_id, "rosa@acme.pe", "recruiter").await;
    let promoted = app
        .patch(
            &format!("/api/v1/tenants/{tenant_id}/members/{}", rosa.id),
            Some(&admin.access),
            json!({ "role": "admin" }),
        )
        .await;
    assert_eq!(promoted.status, 200, "{}", promoted.body);
    // Rosa's token still says recruiter; row-level security sees the token's role.
    let stale =
        app.patch(&format!("/api/v1/tenants/{tenant_id}"), Some(&rosa.access), json!({ "name": "Acme 2" })).await;
    assert!(detail(stale.problem(409)).contains("/api/v1/auth/refresh"));
    let refreshed = app.post("/api/v1/auth/refresh", None, json!({ "refresh_token": rosa.refresh })).await;
    let access = refreshed.body["access_token"].as_str().unwrap();
    let renamed = app.patch(&format!("/api/v1/tenants/{tenant_id}"), Some(access), json!({ "name": "Acme 2" })).await;
    assert_eq!(renamed.status, 200, "{}", renamed.body);
    assert_eq!(renamed.body["name"], "Acme 2");
}

#[tokio::test]
async fn admins_list_pending_invitations_and_revoke_them() {
    let app = TestApp::spawn().await;
    let (tenant_id, admin) = app.company("acme").await;
    let invitations = format!("/api/v1/tenants/{tenant_id}/invitations");
    // One accepted, three pending.
    let accepted = invite(&app, &admin, tenant_id, "rosa@acme.pe", "recruiter").await;
    let rosa = app.register("rosa@acme.pe").await;
    assert_eq!(accept(&app, &rosa, accepted.body["token"].as_str().unwrap()).await.status, 200);
    let mut pending = Vec::new();
    for n in 0..3 {
        let invited = invite(&app, &admin, tenant_id, &format!("persona{n}@acme.pe"), "hiring_manager").await;
        assert_eq!(invited.status, 201, "{}", invited.body);
        pending.push(invited.body);
    }

    let first = app.get(&format!("{invitations}?limit=2"), Some(&admin.access)).await;
    assert_eq!(first.status, 200, "{}", first.body);
    assert_eq!(emails(&first.body), vec!["persona2@acme.pe", "persona1@acme.pe"], "newest first");
    let item = &first.body["items"][0];
    assert_eq!(item["role"], "hiring_manager");
    assert_eq!(item["invited_by"], admin.id.to_string());
    assert!(item["sent_at"].is_string() && item["expires_at"].is_string());
    assert!(item.get("token").is_none(), "tokens are never listed");
    let cursor = first.body["next_cursor"].as_str().unwrap();
    let second = app.get(&format!("{invitations}?limit=2&cursor={cursor}"), Some(&admin.access)).await;
    assert_eq!(emails(&second.body), vec!["persona0@acme.pe"]);
    assert!(second.body["next_cursor"].is_null());
    app.get(&format!("{invitations}?limit=500"), Some(&admin.access)).await.problem(422);
    app.get(&format!("{invitations}?cursor=zzz"), Some(&admin.access)).await.problem(400);

    // Revoked: gone from the list, and its token answers 410.
    let revoked_id = pending[1]["id"].as_str().unwrap();
    let revoked = app.delete(&format!("{invitations}/{revoked_id}"), Some(&admin.access), None).await;
    assert_eq!(revoked.status, 204, "{}", revoked.body);
    let listed = app.get(&invitations, Some(&admin.access)).await;
    assert_eq!(emails(&listed.body), vec!["persona2@acme.pe", "persona0@acme.pe"]);
    app.delete(&format!("{invitations}/{revoked_id}"), Some(&admin.access), None).await.problem(404);
    let invitee = app.register("persona1@acme.pe").await;
    let refused = accept(&app, &invitee, pending[1]["token"].as_str().unwrap()).await;
    assert!(detail(refused.problem(410)).contains("revoked"));
    let members = app.get(&format!("/api/v1/tenants/{tenant_id}/members"), Some(&admin.access)).await;
    assert_eq!(members.body["items"].as_array().unwrap().len(), 2, "admin and rosa only");

    // An accepted invitation is not revoked: the member is removed instead.
    let accepted_id = accepted.body["id"].as_str().unwrap();
    app.delete(&format!("{invitations}/{accepted_id}"), Some(&admin.access), None).await.problem(409);

    // Invitations are the admins' business.
    let rosa = app.switch(&rosa, Some(tenant_id)).await;
    app.get(&invitations, Some(&rosa.access)).await.problem(403);
    let pending_id = pending[0]["id"].as_str().unwrap();
    app.delete(&format!("{invitations}/{pending_id}"), Some(&rosa.access), None).await.problem(403);
    let still = app.get(&invitations, Some(&admin.access)).await;
    assert_eq!(emails(&still.body).len(), 2);
}

#[tokio::test]
async fn inviting_an_address_again_refreshes_its_open_invitation() {
    let app = TestApp::spawn().await;
    let (tenant_id, admin) = app.company("acme").await;
    let first = invite(&app, &admin, tenant_id, "rosa@acme.pe", "recruiter").await;
    assert_eq!(first.status, 201, "{}", first.body);
    assert_eq!(first.body["mailed"], true);
    assert!(first.body.get("refreshed").is_none());

    let again = invite(&app, &admin, tenant_id, "Rosa@Acme.pe", "hiring_manager").await;
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(again.body["id"], first.body["id"], "the same invitation");
    assert_ne!(again.body["token"], first.body["token"], "with a new token");
    assert_eq!(again.body["role"], "hiring_manager");
    assert_eq!(again.body["mailed"], false, "one mail per address and hour");
    assert_eq!(app.mailbox.sent_to("rosa@acme.pe").len(), 1);
    let listed = app.get(&format!("/api/v1/tenants/{tenant_id}/invitations"), Some(&admin.access)).await;
    assert_eq!(emails(&listed.body), vec!["rosa@acme.pe"]);
    assert_eq!(listed.body["items"][0]["role"], "hiring_manager");

    // The old token died with the refresh; the new one brings her in with the latest role.
    let rosa = app.register("rosa@acme.pe").await;
    accept(&app, &rosa, first.body["token"].as_str().unwrap()).await.problem(404);
    let accepted = accept(&app, &rosa, again.body["token"].as_str().unwrap()).await;
    assert_eq!(accepted.status, 200, "{}", accepted.body);
    assert_eq!(accepted.body["role"], "hiring_manager");

    // An hour after the last mail, a refresh mails again.
    let luis = invite(&app, &admin, tenant_id, "luis@acme.pe", "candidate").await;
    assert_eq!(luis.status, 201, "{}", luis.body);
    let mut owner = AsyncPgConnection::establish(&app.config.database_url).await.unwrap();
    diesel::sql_query("UPDATE identity.invitations SET sent_at = sent_at - interval '61 minutes' WHERE email = $1")
        .bind::<Text, _>("luis@acme.pe")
        .execute(&mut owner)
        .await
        .unwrap();
    let resent = invite(&app, &admin, tenant_id, "luis@acme.pe", "candidate").await;
    assert_eq!(resent.status, 200, "{}", resent.body);
    assert_eq!(resent.body["mailed"], true);
    assert_eq!(app.mailbox.sent_to("luis@acme.pe").len(), 2);
    assert_eq!(app.mailbox.last_token("luis@acme.pe"), resent.body["token"].as_str().unwrap());
    let immediately = invite(&app, &admin, tenant_id, "luis@acme.pe", "candidate").await;
    assert_eq!(immediately.body["mailed"], false);
    assert_eq!(app.mailbox.sent_to("luis@acme.pe").len(), 2);
}

#[tokio::test]
async fn invitation_mails_are_limited_per_inviter_and_per_company() {
    let app = TestApp::spawn().await;
    let (tenant_id, alba) = app.company("acme").await;
    // Two more admins: two of Alba's 20 mails of the day.
    let beto = app.member(&alba, tenant_id, "beto@acme.pe", "admin").await;
    let celia = app.member(&alba, tenant_id, "celia@acme.pe", "admin").await;
    for n in 0..18 {
        let invited = invite(&app, &alba, tenant_id, &format!("alba{n}@example.pe"), "candidate").await;
        assert_eq!(invited.status, 201, "invitation {n}: {}", invited.body);
    }
    let limited = invite(&app, &alba, tenant_id, "otra@example.pe", "candidate").await;
    limited.problem(429);
    let retry_after: u64 = limited.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=24 * 3600).contains(&retry_after), "{retry_after}");
    assert!(app.mailbox.sent_to("otra@example.pe").is_empty());
    // Refreshing an open invitation without a mail costs nothing.
    let refreshed = invite(&app, &alba, tenant_id, "alba0@example.pe", "candidate").await;
    assert_eq!(refreshed.status, 200, "{}", refreshed.body);
    assert_eq!(refreshed.body["mailed"], false);
    // The limit is the account's, across its companies.
    let created =
        app.post("/api/v1/tenants", Some(&alba.access), json!({ "name": "Otra", "slug": "otra-de-alba" })).await;
    let other: Uuid = serde_json::from_value(created.body["id"].clone()).unwrap();
    let alba_other = app.switch(&alba, Some(other)).await;
    invite(&app, &alba_other, other, "nuevo@example.pe", "candidate").await.problem(429);

    // The company's own limit: 20 (Alba) + 20 (Beto) + 10 (Celia) = 50 a day.
    for n in 0..20 {
        let invited = invite(&app, &beto, tenant_id, &format!("beto{n}@example.pe"), "candidate").await;
        assert_eq!(invited.status, 201, "invitation {n}: {}", invited.body);
    }
    for n in 0..10 {
        let invited = invite(&app, &celia, tenant_id, &format!("celia{n}@example.pe"), "candidate").await;
        assert_eq!(invited.status, 201, "invitation {n}: {}", invited.body);
    }
    let company_limited = invite(&app, &celia, tenant_id, "celia10@example.pe", "candidate").await;
    company_limited.problem(429);
    assert!(company_limited.headers.contains_key("retry-after"));
    // Refused invitations were not created.
    let listed = app.get(&format!("/api/v1/tenants/{tenant_id}/invitations?limit=100"), Some(&alba.access)).await;
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 48, "18 + 20 + 10 pending");
    assert!(!emails(&listed.body).contains(&"celia10@example.pe"));
}

#[tokio::test]
async fn an_account_creates_at_most_five_companies() {
    let app = TestApp::spawn().await;
    let owner = app.register("emprendedora@example.pe").await;
    for n in 0..5 {
        let created = app
            .post(
                "/api/v1/tenants",
                Some(&owner.access),
                json!({ "name": format!("Empresa {n}"), "slug": format!("empresa-{n}") }),
            )
            .await;
        assert_eq!(created.status, 201, "company {n}: {}", created.body);
    }
    let refused =
        app.post("/api/v1/tenants", Some(&owner.access), json!({ "name": "Empresa 5", "slug": "empresa-5" })).await;
    assert!(detail(refused.problem(409)).contains("at most 5 companies"));
    let mine = app.get("/api/v1/tenants", Some(&owner.access)).await;
    assert_eq!(mine.body.as_array().unwrap().len(), 5);
    // Another account is not affected.
    let other = app.register("otra@example.pe").await;
    let created =
        app.post("/api/v1/tenants", Some(&other.access), json!({ "name": "Empresa 5", "slug": "empresa-5" })).await;
    assert_eq!(created.status, 201, "{}", created.body);
}
