use diesel::sql_types::{BigInt, Bool, Text};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use e2e::{PASSWORD, TestApp};
use identity::IdentityService;
use serde_json::json;

async fn owner(app: &TestApp) -> (kernel::db::DbPool, AsyncPgConnection) {
    let pool = kernel::db::pool(&app.config.database_url, 2).unwrap();
    let conn = AsyncPgConnection::establish(&app.config.database_url).await.unwrap();
    (pool, conn)
}

async fn accounts_with_email(conn: &mut AsyncPgConnection, email: &str) -> i64 {
    diesel::select(
        diesel::dsl::sql::<BigInt>("(SELECT count(*) FROM identity.users WHERE email = ")
            .bind::<Text, _>(email)
            .sql(")"),
    )
    .get_result(conn)
    .await
    .unwrap()
}

#[tokio::test]
async fn deleted_accounts_are_erased_only_after_the_grace_period() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;
    app.register("luis@example.pe").await;
    let deleted = app.delete("/api/v1/me", Some(&ana.access), Some(json!({ "password": PASSWORD }))).await;
    assert_eq!(deleted.status, 202);

    let (pool, mut conn) = owner(&app).await;
    let storage = app::startup::sealed_storage(&app.config).unwrap();
    let hooks = app::startup::personal_data_hooks(&pool, &storage, &app.config);
    let now = chrono::Utc::now();
    assert_eq!(IdentityService::purge_due(&pool, &hooks, now).await.unwrap(), 0);
    assert_eq!(accounts_with_email(&mut conn, "ana@example.pe").await, 1);

    let later = now + chrono::Duration::days(31);
    assert_eq!(IdentityService::purge_due(&pool, &hooks, later).await.unwrap(), 1);
    assert_eq!(accounts_with_email(&mut conn, "ana@example.pe").await, 0);
    let sessions: i64 = diesel::select(
        diesel::dsl::sql::<BigInt>("(SELECT count(*) FROM identity.sessions WHERE user_id = ")
            .bind::<diesel::sql_types::Uuid, _>(ana.id)
            .sql(")"),
    )
    .get_result(&mut conn)
    .await
    .unwrap();
    assert_eq!(sessions, 0, "sessions go with the account");
    assert_eq!(accounts_with_email(&mut conn, "luis@example.pe").await, 1, "live accounts stay");
}

#[tokio::test]
async fn create_admin_makes_a_platform_admin_who_can_sign_in() {
    let app = TestApp::spawn().await;
    let (pool, mut conn) = owner(&app).await;
    let user = IdentityService::create_platform_admin(
        &pool,
        "Root@Entrevistador.pe",
        "clave-de-operador-larga".into(),
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(user.email, "root@entrevistador.pe");
    assert!(user.email_verified);
    let flagged: bool = diesel::select(
        diesel::dsl::sql::<Bool>("(SELECT is_platform_admin FROM identity.users WHERE id = ")
            .bind::<diesel::sql_types::Uuid, _>(user.id)
            .sql(")"),
    )
    .get_result(&mut conn)
    .await
    .unwrap();
    assert!(flagged);
    assert_eq!(app.login("root@entrevistador.pe", "clave-de-operador-larga").await.status, 200);

    let weak =
        IdentityService::create_platform_admin(&pool, "otro@entrevistador.pe", "corta".into(), chrono::Utc::now())
            .await;
    assert!(matches!(weak, Err(kernel::AppError::Validation(_))));
    let again = IdentityService::create_platform_admin(
        &pool,
        "root@entrevistador.pe",
        "clave-de-operador-larga".into(),
        chrono::Utc::now(),
    )
    .await;
    assert!(matches!(again, Err(kernel::AppError::Conflict(_))));
}

#[tokio::test]
async fn the_demo_seed_signs_in_as_printed_and_runs_twice() {
    let app = TestApp::spawn().await;
    let components = app::startup::compose(&app.config, app::startup::Overrides::default()).await.unwrap();
    assert!(app::seed::seed_demo(&components).await.unwrap());
    assert!(!app::seed::seed_demo(&components).await.unwrap(), "a second run changes nothing");
    for account in &app::seed::DEMO_ACCOUNTS {
        let login = app.login(account.email, account.password).await;
        assert_eq!(login.status, 200, "{}: {}", account.email, login.body);
    }
    let recruiter =
        e2e::account(&app.login("reclutadora@demo.pe", "Demo-Recluta-2026").await.body, "reclutadora@demo.pe", "");
    let tenants = app.get("/api/v1/tenants", Some(&recruiter.access)).await;
    assert_eq!(tenants.body[0]["slug"], app::seed::DEMO_COMPANY_SLUG);
    assert_eq!(tenants.body[0]["role"], "recruiter");
}
