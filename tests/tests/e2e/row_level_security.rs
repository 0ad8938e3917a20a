use diesel::sql_types::{Text, Uuid as SqlUuid};
use diesel_async::{AsyncConnection, RunQueryDsl};
use e2e::TestApp;
use kernel::auth::Role;

#[derive(diesel::QueryableByName, Debug)]
struct MembershipTenant {
    #[diesel(sql_type = SqlUuid)]
    tenant_id: uuid::Uuid,
}

#[tokio::test]
async fn the_app_role_sees_and_changes_only_the_current_tenants_memberships() {
    let app = TestApp::spawn().await;
    let (tenant_a, admin_a) = app.company("empresa-a").await;
    let (tenant_b, admin_b) = app.company("empresa-b").await;
    app.member(&admin_a, tenant_a, "rosa@empresa-a.pe", "recruiter").await;

    let mut conn = app.app_connection().await;
    let context = "SELECT set_config('app.tenant_id', $1, true), set_config('app.user_id', $2, true), set_config('app.role', 'admin', true)";
    let (rows, updated) = conn
        .transaction::<_, diesel::result::Error, _>(async |conn| {
            diesel::sql_query(context)
                .bind::<Text, _>(tenant_a.to_string())
                .bind::<Text, _>(admin_a.id.to_string())
                .execute(conn)
                .await?;
            let rows: Vec<MembershipTenant> =
                diesel::sql_query("SELECT * FROM identity.memberships").load(conn).await?;
            let updated = diesel::sql_query("UPDATE identity.memberships SET role = 'candidate' WHERE tenant_id = $1")
                .bind::<SqlUuid, _>(tenant_b)
                .execute(conn)
                .await?;
            Ok((rows, updated))
        })
        .await
        .unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r.tenant_id == tenant_a), "{rows:?}");
    assert_eq!(updated, 0, "B's membership must not change");

    // B's admin is still an admin.
    let members = app.get(&format!("/api/v1/tenants/{tenant_b}/members"), Some(&admin_b.access)).await;
    assert_eq!(members.body["items"][0]["role"], "admin");
}

#[tokio::test]
async fn without_a_context_the_app_role_sees_nothing_and_cannot_grant_platform_admin() {
    let app = TestApp::spawn().await;
    app.company("empresa-a").await;
    let mut conn = app.app_connection().await;
    for table in ["users", "tenants", "memberships", "sessions", "refresh_tokens", "one_time_tokens", "invitations"] {
        let count: i64 = diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(&format!(
            "(SELECT count(*) FROM identity.{table})"
        )))
        .get_result(&mut conn)
        .await
        .unwrap();
        assert_eq!(count, 0, "identity.{table} leaked rows without a request context");
    }
    let denied = diesel::sql_query("UPDATE identity.users SET is_platform_admin = true").execute(&mut conn).await;
    assert!(denied.unwrap_err().to_string().contains("permission denied"));
    let bypass = diesel::sql_query("ALTER TABLE identity.users DISABLE ROW LEVEL SECURITY").execute(&mut conn).await;
    assert!(bypass.is_err(), "the app role must not own the tables");
}

#[tokio::test]
async fn stored_role_levels_and_permissions_match_the_code() {
    let app = TestApp::spawn().await;
    let mut conn = app.app_connection().await;
    #[derive(diesel::QueryableByName)]
    struct RoleRow {
        #[diesel(sql_type = Text)]
        code: String,
        #[diesel(sql_type = diesel::sql_types::Int2)]
        level: i16,
        #[diesel(sql_type = diesel::sql_types::Array<Text>)]
        permissions: Vec<String>,
    }
    let rows: Vec<RoleRow> =
        diesel::sql_query("SELECT code, level, permissions FROM identity.roles ORDER BY level DESC")
            .load(&mut conn)
            .await
            .unwrap();
    assert_eq!(rows.len(), Role::ALL.len());
    for (row, role) in rows.iter().zip(Role::ALL) {
        assert_eq!(row.code, role.as_str());
        assert_eq!(row.level, role.level());
        if role != Role::Superadmin {
            let code: Vec<&str> = role.permissions().iter().map(|p| p.as_str()).collect();
            assert_eq!(row.permissions, code, "{}", row.code);
        }
    }
}
