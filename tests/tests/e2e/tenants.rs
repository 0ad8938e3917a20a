use e2e::TestApp;
use serde_json::json;

#[tokio::test]
async fn creating_a_company_makes_the_caller_its_admin() {
    let app = TestApp::spawn().await;
    let owner = app.register("gerente@acme.pe").await;
    let created = app
        .post(
            "/api/v1/tenants",
            Some(&owner.access),
            json!({ "name": "Acme Perú", "slug": "acme-peru", "industry": "Minería", "employee_count": 120 }),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.body["role"], "admin");
    assert_eq!(created.body["size"], "51-200");
    assert_eq!(created.body["slug"], "acme-peru");

    let mine = app.get("/api/v1/tenants", Some(&owner.access)).await;
    assert_eq!(mine.body.as_array().unwrap().len(), 1);
    assert_eq!(mine.body[0]["name"], "Acme Perú");

    let taken = app.post("/api/v1/tenants", Some(&owner.access), json!({ "name": "Otra", "slug": "acme-peru" })).await;
    taken.problem(409);
    let invalid = app.post("/api/v1/tenants", Some(&owner.access), json!({ "name": "X", "slug": "Acme Perú" })).await;
    assert_eq!(invalid.problem(422)["errors"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn switching_tenant_puts_the_tenant_and_role_in_the_token() {
    let app = TestApp::spawn().await;
    let (tenant_id, admin) = app.company("acme").await;
    let keys = kernel::auth::JwtKeys::from_pem(&app.signing_key, &app.config.jwt_issuer, &app.config.jwt_audience, 900)
        .unwrap();
    let claims = keys.verify(&admin.access).unwrap();
    assert_eq!(claims.tid, Some(tenant_id));
    assert_eq!(claims.role, Some(kernel::auth::Role::Admin));
    // A refresh keeps the tenant.
    let refreshed = app.post("/api/v1/auth/refresh", None, json!({ "refresh_token": admin.refresh })).await;
    let claims = keys.verify(refreshed.body["access_token"].as_str().unwrap()).unwrap();
    assert_eq!(claims.tid, Some(tenant_id));

    let stranger = app.register("extrano@example.pe").await;
    app.post("/api/v1/auth/switch-tenant", Some(&stranger.access), json!({ "tenant_id": tenant_id }))
        .await
        .problem(404);
}

#[tokio::test]
async fn invitations_bring_members_in_with_the_granted_role() {
    let app = TestApp::spawn().await;
    let (tenant_id, admin) = app.company("acme").await;
    let invited = app
        .post(
            &format!("/api/v1/tenants/{tenant_id}/invitations"),
            Some(&admin.access),
            json!({ "email": "Rosa@Acme.pe", "role": "recruiter" }),
        )
        .await;
    assert_eq!(invited.status, 201, "{}", invited.body);
    assert_eq!(invited.body["email"], "rosa@acme.pe");
    let token = invited.body["token"].as_str().unwrap().to_owned();
    assert!(invited.body["link"].as_str().unwrap().starts_with("https://app.example.pe/invitations/accept?token="));
    assert_eq!(app.mailbox.last_token("rosa@acme.pe"), token);

    let wrong_person = app.register("luis@example.pe").await;
    app.post(&format!("/api/v1/invitations/{token}/accept"), Some(&wrong_person.access), json!({})).await.problem(403);

    let rosa = app.register("rosa@acme.pe").await;
    let accepted = app.post(&format!("/api/v1/invitations/{token}/accept"), Some(&rosa.access), json!({})).await;
    assert_eq!(accepted.status, 200, "{}", accepted.body);
    assert_eq!(accepted.body["role"], "recruiter");
    app.post(&format!("/api/v1/invitations/{token}/accept"), Some(&rosa.access), json!({})).await.problem(410);
    app.post("/api/v1/invitations/nonsense/accept", Some(&rosa.access), json!({})).await.problem(404);

    let rosa = app.switch(&rosa, Some(tenant_id)).await;
    let members = app.get(&format!("/api/v1/tenants/{tenant_id}/members"), Some(&rosa.access)).await;
    assert_eq!(members.status, 200, "{}", members.body);
    let roles: Vec<&str> =
        members.body["items"].as_array().unwrap().iter().map(|m| m["role"].as_str().unwrap()).collect();
    assert_eq!(roles, vec!["admin", "recruiter"]);
}

#[tokio::test]
async fn members_are_paged_with_a_cursor() {
    let app = TestApp::spawn().await;
    let (tenant_id, admin) = app.company("acme").await;
    for n in 0..3 {
        app.member(&admin, tenant_id, &format!("persona{n}@acme.pe"), "hiring_manager").await;
    }
    let path = format!("/api/v1/tenants/{tenant_id}/members?limit=3");
    let first = app.get(&path, Some(&admin.access)).await;
    assert_eq!(first.body["items"].as_array().unwrap().len(), 3);
    let cursor = first.body["next_cursor"].as_str().unwrap();
    let second = app.get(&format!("{path}&cursor={cursor}"), Some(&admin.access)).await;
    assert_eq!(second.body["items"].as_array().unwrap().len(), 1);
    assert!(second.body["next_cursor"].is_null());
    app.get(&format!("/api/v1/tenants/{tenant_id}/members?limit=500"), Some(&admin.access)).await.problem(422);
    app.get(&format!("/api/v1/tenants/{tenant_id}/members?cursor=zzz"), Some(&admin.access)).await.problem(400);
}

#[tokio::test]
async fn another_tenants_members_are_not_found() {
    let app = TestApp::spawn().await;
    let (tenant_a, admin_a) = app.company("empresa-a").await;
    let (tenant_b, _admin_b) = app.company("empresa-b").await;
    let recruiter_a = app.member(&admin_a, tenant_a, "rosa@empresa-a.pe", "recruiter").await;
    let leak = app.get(&format!("/api/v1/tenants/{tenant_b}/members"), Some(&recruiter_a.access)).await;
    leak.problem(404);
    let made_up =
        app.get(&format!("/api/v1/tenants/{}/members", uuid::Uuid::now_v7()), Some(&recruiter_a.access)).await;
    assert_eq!(made_up.body, leak.body, "an existing and a made-up tenant look the same");
    app.get("/api/v1/tenants/not-a-uuid/members", Some(&recruiter_a.access)).await.problem(404);
    app.post(
        &format!("/api/v1/tenants/{tenant_b}/invitations"),
        Some(&admin_a.access),
        json!({ "email": "x@y.pe", "role": "candidate" }),
    )
    .await
    .problem(404);
}

#[tokio::test]
async fn roles_are_granted_only_up_to_the_granters_level() {
    let app = TestApp::spawn().await;
    let (tenant_id, admin) = app.company("acme").await;
    let recruiter = app.member(&admin, tenant_id, "rosa@acme.pe", "recruiter").await;
    // Recruiters may not invite at all; admins may not mint superadmins.
    app.post(
        &format!("/api/v1/tenants/{tenant_id}/invitations"),
        Some(&recruiter.access),
        json!({ "email": "x@acme.pe", "role": "candidate" }),
    )
    .await
    .problem(403);
    app.post(
        &format!("/api/v1/tenants/{tenant_id}/invitations"),
        Some(&admin.access),
        json!({ "email": "x@acme.pe", "role": "superadmin" }),
    )
    .await
    .problem(403);
    app.patch(
        &format!("/api/v1/tenants/{tenant_id}/members/{}", admin.id),
        Some(&recruiter.access),
        json!({ "role": "candidate" }),
    )
    .await
    .problem(403);
}

#[tokio::test]
async fn admins_change_and_remove_members_but_keep_one_admin() {
    let app = TestApp::spawn().await;
    let (tenant_id, admin) = app.company("acme").await;
    let rosa = app.member(&admin, tenant_id, "rosa@acme.pe", "recruiter").await;
    let promoted = app
        .patch(
            &format!("/api/v1/tenants/{tenant_id}/members/{}", rosa.id),
            Some(&admin.access),
            json!({ "role": "hiring_manager" }),
        )
        .await;
    assert_eq!(promoted.status, 200, "{}", promoted.body);
    assert_eq!(promoted.body["role"], "hiring_manager");

    app.patch(
        &format!("/api/v1/tenants/{tenant_id}/members/{}", admin.id),
        Some(&admin.access),
        json!({ "role": "recruiter" }),
    )
    .await
    .problem(409);
    app.delete(&format!("/api/v1/tenants/{tenant_id}/members/{}", admin.id), Some(&admin.access), None)
        .await
        .problem(409);
    app.patch(
        &format!("/api/v1/tenants/{tenant_id}/members/{}", rosa.id),
        Some(&admin.access),
        json!({ "status": "archived" }),
    )
    .await
    .problem(422);

    let removed =
        app.delete(&format!("/api/v1/tenants/{tenant_id}/members/{}", rosa.id), Some(&admin.access), None).await;
    assert_eq!(removed.status, 204, "{}", removed.body);
    app.delete(&format!("/api/v1/tenants/{tenant_id}/members/{}", rosa.id), Some(&admin.access), None)
        .await
        .problem(404);
    // Removed members lose the tenant at their next refresh.
    let refreshed = app.post("/api/v1/auth/refresh", None, json!({ "refresh_token": rosa.refresh })).await;
    let keys = kernel::auth::JwtKeys::from_pem(&app.signing_key, &app.config.jwt_issuer, &app.config.jwt_audience, 900)
        .unwrap();
    assert_eq!(keys.verify(refreshed.body["access_token"].as_str().unwrap()).unwrap().tid, None);
}

#[tokio::test]
async fn demotion_and_removal_take_effect_before_tokens_expire() {
    let app = TestApp::spawn().await;
    let (tenant_id, admin) = app.company("acme").await;
    let rosa = app.member(&admin, tenant_id, "rosa@acme.pe", "admin").await;
    let invite = json!({ "email": "nuevo@acme.pe", "role": "candidate" });
    let invitations = format!("/api/v1/tenants/{tenant_id}/invitations");
    assert_eq!(app.post(&invitations, Some(&rosa.access), invite.clone()).await.status, 201);

    let demoted = app
        .patch(
            &format!("/api/v1/tenants/{tenant_id}/members/{}", rosa.id),
            Some(&admin.access),
            json!({ "role": "recruiter" }),
        )
        .await;
    assert_eq!(demoted.status, 200, "{}", demoted.body);
    // Rosa's token still says admin; the database says recruiter.
    app.post(&invitations, Some(&rosa.access), invite).await.problem(403);

    app.delete(&format!("/api/v1/tenants/{tenant_id}/members/{}", rosa.id), Some(&admin.access), None).await;
    app.get(&format!("/api/v1/tenants/{tenant_id}/members"), Some(&rosa.access)).await.problem(404);
}

#[tokio::test]
async fn suspending_the_last_active_admin_is_refused() {
    let app = TestApp::spawn().await;
    let (tenant_id, admin) = app.company("acme").await;
    app.patch(
        &format!("/api/v1/tenants/{tenant_id}/members/{}", admin.id),
        Some(&admin.access),
        json!({ "status": "suspended" }),
    )
    .await
    .problem(409);
    let rosa = app.member(&admin, tenant_id, "rosa@acme.pe", "hiring_manager").await;
    let suspended = app
        .patch(
            &format!("/api/v1/tenants/{tenant_id}/members/{}", rosa.id),
            Some(&admin.access),
            json!({ "status": "suspended" }),
        )
        .await;
    assert_eq!(suspended.body["status"], "suspended");
    app.get(&format!("/api/v1/tenants/{tenant_id}/members"), Some(&rosa.access)).await.problem(404);
}
