-- How a company evaluates applications: scorecards (each job's criteria, one evaluation per
-- application and evaluator) and technical evaluations (a candidate's code for a challenge, from
-- the company's templates or the platform's public ones). All of it is the company's only: the
-- candidate never sees any of it, and another company sees none of it.

-- A job's criteria, in order. Removing a criterion that an evaluation scored retires it (it stays
-- with those scores, outside the aggregate); one never scored is deleted. Ids stay stable, so a
-- renamed or re-weighted criterion keeps its scores.
CREATE TABLE hiring.scorecard_criteria (
    id          uuid PRIMARY KEY,
    tenant_id   uuid NOT NULL REFERENCES identity.tenants (id) ON DELETE CASCADE,
    job_id      uuid NOT NULL,
    position    smallint NOT NULL CHECK (position BETWEEN 0 AND 14),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    description text CHECK (length(description) BETWEEN 1 AND 500),
    weight      smallint NOT NULL DEFAULT 1 CHECK (weight BETWEEN 1 AND 5),
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    retired_at  timestamptz
);
CREATE INDEX scorecard_criteria_job_idx ON hiring.scorecard_criteria (job_id, position);

-- One evaluator's evaluation of one application: an overall recommendation and a comment.
CREATE TABLE hiring.scorecards (
    id             uuid PRIMARY KEY,
    application_id uuid NOT NULL,
    applied_at     timestamptz NOT NULL,
    tenant_id      uuid NOT NULL REFERENCES identity.tenants (id) ON DELETE CASCADE,
    evaluator_id   uuid REFERENCES identity.users (id) ON DELETE SET NULL,
    recommendation text NOT NULL CHECK (recommendation IN ('strong_no', 'no', 'yes', 'strong_yes')),
    comment        text CHECK (length(comment) BETWEEN 1 AND 2000),
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    UNIQUE (application_id, evaluator_id),
    FOREIGN KEY (application_id, applied_at) REFERENCES hiring.applications (id, applied_at) ON DELETE CASCADE
);

-- Its scores, 1 to 5, one per criterion scored. A scored criterion is never deleted (retired
-- instead): the reference has no action, so only a cascade from above removes both.
CREATE TABLE hiring.scorecard_scores (
    scorecard_id uuid NOT NULL REFERENCES hiring.scorecards (id) ON DELETE CASCADE,
    criterion_id uuid NOT NULL REFERENCES hiring.scorecard_criteria (id),
    tenant_id    uuid NOT NULL REFERENCES identity.tenants (id) ON DELETE CASCADE,
    score        smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment      text CHECK (length(comment) BETWEEN 1 AND 2000),
    PRIMARY KEY (scorecard_id, criterion_id)
);
CREATE INDEX scorecard_scores_criterion_idx ON hiring.scorecard_scores (criterion_id);

-- Take-home challenges: a company's own (tenant_id set), or the platform's public ones
-- (tenant_id NULL), which every company reads and only migrations write.
CREATE TABLE hiring.challenge_templates (
    id                uuid PRIMARY KEY,
    tenant_id         uuid REFERENCES identity.tenants (id) ON DELETE CASCADE,
    title             text NOT NULL CHECK (length(title) BETWEEN 1 AND 150),
    description       text NOT NULL CHECK (length(description) BETWEEN 1 AND 5000),
    -- Programming languages it can be solved in (lower case: rust, python, sql, typescript, ...).
    languages         text[] NOT NULL CHECK (cardinality(languages) BETWEEN 1 AND 5
                          AND array_position(languages, NULL) IS NULL),
    difficulty        text NOT NULL CHECK (difficulty IN ('easy', 'medium', 'hard', 'expert')),
    estimated_minutes integer NOT NULL CHECK (estimated_minutes BETWEEN 15 AND 2880),
    locale            text NOT NULL CHECK (locale IN ('es', 'en')),
    -- How many technical evaluations used it (kept by hiring.use_challenge_template).
    usage_count       integer NOT NULL DEFAULT 0 CHECK (usage_count >= 0),
    created_by        uuid REFERENCES identity.users (id) ON DELETE SET NULL,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL
);
CREATE INDEX challenge_templates_tenant_idx ON hiring.challenge_templates (tenant_id, title, id);
CREATE INDEX challenge_templates_languages_idx ON hiring.challenge_templates USING gin (languages);

-- A candidate's code for a challenge and the company's review of it: pending (waiting for the
-- candidate), submitted (a repository to review), reviewed (scored).
CREATE TABLE hiring.technical_evaluations (
    id                    uuid PRIMARY KEY,
    application_id        uuid NOT NULL,
    applied_at            timestamptz NOT NULL,
    tenant_id             uuid NOT NULL REFERENCES identity.tenants (id) ON DELETE CASCADE,
    challenge_template_id uuid REFERENCES hiring.challenge_templates (id) ON DELETE SET NULL,
    repository_url        text CHECK (length(repository_url) <= 500 AND repository_url LIKE 'https://%'),
    commit_sha            text CHECK (commit_sha ~ '^[0-9a-f]{7,40}$'),
    pr_url                text CHECK (length(pr_url) <= 500 AND pr_url LIKE 'https://%'),
    code_quality_score    smallint CHECK (code_quality_score BETWEEN 0 AND 100),
    -- Percent of lines covered by the candidate's tests.
    test_coverage         numeric(5, 2) CHECK (test_coverage BETWEEN 0 AND 100),
    reviewer_id           uuid REFERENCES identity.users (id) ON DELETE SET NULL,
    notes                 text CHECK (length(notes) BETWEEN 1 AND 5000),
    status                text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'submitted', 'reviewed')),
    created_by            uuid REFERENCES identity.users (id) ON DELETE SET NULL,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL,
    submitted_at          timestamptz,
    reviewed_at           timestamptz,
    CHECK (status = 'pending' OR (repository_url IS NOT NULL AND submitted_at IS NOT NULL)),
    CHECK (status <> 'reviewed' OR (code_quality_score IS NOT NULL AND reviewed_at IS NOT NULL)),
    FOREIGN KEY (application_id, applied_at) REFERENCES hiring.applications (id, applied_at) ON DELETE CASCADE
);
CREATE INDEX technical_evaluations_application_idx ON hiring.technical_evaluations (application_id, created_at);
CREATE INDEX technical_evaluations_template_idx ON hiring.technical_evaluations (challenge_template_id)
    WHERE challenge_template_id IS NOT NULL;

-- Row-level security: a company's rows are its own; workers (role 'system') see everything. A
-- scorecard and its scores are written by their evaluator only (every member who reads
-- candidates reads them all). Public challenge templates are read by anyone acting in a company.
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['scorecard_criteria', 'scorecards', 'scorecard_scores', 'challenge_templates',
                             'technical_evaluations'] LOOP
        EXECUTE format('ALTER TABLE hiring.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE hiring.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON hiring.%I TO entrevistador_app
            USING (app.role() = ''system'') WITH CHECK (app.role() = ''system'')', t || '_workers', t);
        EXECUTE format('CREATE POLICY owner_all ON hiring.%I TO CURRENT_USER USING (true) WITH CHECK (true)', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['scorecard_criteria', 'challenge_templates', 'technical_evaluations'] LOOP
        EXECUTE format('CREATE POLICY %I ON hiring.%I TO entrevistador_app
            USING (tenant_id = app.tenant_id()) WITH CHECK (tenant_id = app.tenant_id())', t || '_tenant', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['scorecards', 'scorecard_scores'] LOOP
        EXECUTE format('CREATE POLICY %I ON hiring.%I FOR SELECT TO entrevistador_app
            USING (tenant_id = app.tenant_id())', t || '_tenant_read', t);
    END LOOP;
END
$$;
CREATE POLICY scorecards_evaluator ON hiring.scorecards TO entrevistador_app
    USING (tenant_id = app.tenant_id() AND evaluator_id = app.user_id())
    WITH CHECK (tenant_id = app.tenant_id() AND evaluator_id = app.user_id());
CREATE POLICY scorecard_scores_evaluator ON hiring.scorecard_scores TO entrevistador_app
    USING (tenant_id = app.tenant_id() AND EXISTS (
        SELECT FROM hiring.scorecards s WHERE s.id = scorecard_id AND s.evaluator_id = app.user_id()))
    WITH CHECK (tenant_id = app.tenant_id() AND EXISTS (
        SELECT FROM hiring.scorecards s WHERE s.id = scorecard_id AND s.evaluator_id = app.user_id()));
CREATE POLICY challenge_templates_public ON hiring.challenge_templates FOR SELECT TO entrevistador_app
    USING (tenant_id IS NULL AND app.tenant_id() IS NOT NULL);

GRANT SELECT, INSERT, DELETE ON hiring.scorecard_criteria TO entrevistador_app;
GRANT UPDATE (position, name, description, weight, updated_at, retired_at) ON hiring.scorecard_criteria
    TO entrevistador_app;
GRANT SELECT, INSERT ON hiring.scorecards TO entrevistador_app;
GRANT UPDATE (recommendation, comment, updated_at) ON hiring.scorecards TO entrevistador_app;
GRANT SELECT, INSERT, DELETE ON hiring.scorecard_scores TO entrevistador_app;
GRANT UPDATE (score, comment) ON hiring.scorecard_scores TO entrevistador_app;
GRANT SELECT, INSERT, DELETE ON hiring.challenge_templates TO entrevistador_app;
GRANT UPDATE (title, description, languages, difficulty, estimated_minutes, locale, updated_at)
    ON hiring.challenge_templates TO entrevistador_app;
GRANT SELECT, INSERT ON hiring.technical_evaluations TO entrevistador_app;
GRANT UPDATE (repository_url, commit_sha, pr_url, code_quality_score, test_coverage, reviewer_id, notes, status,
              updated_at, submitted_at, reviewed_at) ON hiring.technical_evaluations TO entrevistador_app;

-- Counts one more use of a template the caller's company may use (its own or a public one);
-- false when it may not. The owner's, so a company counts uses of public templates it cannot
-- write.
CREATE FUNCTION hiring.use_challenge_template(template_id uuid)
RETURNS boolean LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    WITH used AS (
        UPDATE hiring.challenge_templates SET usage_count = usage_count + 1
        WHERE id = template_id AND app.tenant_id() IS NOT NULL
          AND (tenant_id IS NULL OR tenant_id = app.tenant_id())
        RETURNING 1
    )
    SELECT count(*) = 1 FROM used
$$;
REVOKE ALL ON FUNCTION hiring.use_challenge_template(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION hiring.use_challenge_template(uuid) TO entrevistador_app;

-- The platform's public templates, in Spanish and in English.
INSERT INTO hiring.challenge_templates
    (id, tenant_id, title, description, languages, difficulty, estimated_minutes, locale, created_at, updated_at)
VALUES
('019ac0a0-0000-7000-8000-000000000001', NULL, 'Validador de RUC y comprobantes electrónicos',
'Escribe una librería y una pequeña CLI que validen datos tributarios peruanos.

Requisitos:
1. `validar_ruc(ruc)`: 11 dígitos, prefijo 10, 15, 17 o 20, y dígito verificador (módulo 11: pesos 5,4,3,2,7,6,5,4,3,2 sobre los 10 primeros dígitos; 11 - (suma mod 11), donde 10 vale 0 y 11 vale 1).
2. `tipo_contribuyente(ruc)`: persona natural (10), persona jurídica (20) u otros (15, 17).
3. `validar_comprobante(serie, numero)`: facturas F###, boletas B###, correlativo de 1 a 8 dígitos.
4. La CLI lee un CSV (ruc, serie, numero) y escribe un reporte con cada fila inválida y el motivo.

Se evalúa: pruebas unitarias con casos límite, mensajes de error claros, un README con cómo ejecutarlo.',
ARRAY['python', 'javascript', 'java'], 'easy', 90, 'es', '2026-11-26T12:00:00Z', '2026-11-26T12:00:00Z'),
('019ac0a0-0000-7000-8000-000000000002', NULL, 'Peruvian tax ID (RUC) and e-invoice validator',
'Write a library and a small CLI that validate Peruvian tax data.

Requirements:
1. `validate_ruc(ruc)`: 11 digits, prefix 10, 15, 17 or 20, and the check digit (modulo 11: weights 5,4,3,2,7,6,5,4,3,2 over the first 10 digits; 11 - (sum mod 11), where 10 becomes 0 and 11 becomes 1).
2. `taxpayer_kind(ruc)`: individual (10), company (20) or other (15, 17).
3. `validate_receipt(series, number)`: invoices F###, receipts B###, a sequence number of 1 to 8 digits.
4. The CLI reads a CSV (ruc, series, number) and writes a report of every invalid row and why.

Assessed: unit tests with edge cases, clear error messages, a README on how to run it.',
ARRAY['python', 'javascript', 'java'], 'easy', 90, 'en', '2026-11-26T12:00:00Z', '2026-11-26T12:00:00Z'),
('019ac0a0-0000-7000-8000-000000000003', NULL, 'Conciliación bancaria en SQL',
'Con el esquema dado (movimientos_banco, asientos_contables, cuentas), escribe consultas en PostgreSQL que concilien un mes.

Requisitos:
1. Empareja movimientos y asientos por monto, fecha (±3 días) y referencia; un movimiento se empareja con un solo asiento.
2. Lista las partidas pendientes de cada lado y el saldo conciliado por cuenta, en soles y dólares (tipo de cambio por día).
3. Detecta duplicados probables (mismo monto y referencia en 48 horas).
4. Explica los índices que crearías para 5 millones de movimientos por mes y muestra el EXPLAIN de la consulta principal.

Se evalúa: exactitud con los datos de prueba, manejo de NULL y redondeo (NUMERIC, nunca float), claridad de las CTE y rendimiento.',
ARRAY['sql'], 'medium', 120, 'es', '2026-11-26T12:00:00Z', '2026-11-26T12:00:00Z'),
('019ac0a0-0000-7000-8000-000000000004', NULL, 'Bank reconciliation in SQL',
'Given the schema (bank_movements, ledger_entries, accounts), write PostgreSQL queries that reconcile one month.

Requirements:
1. Match movements and entries by amount, date (±3 days) and reference; a movement matches one entry at most.
2. List the open items on each side and the reconciled balance per account, in soles and dollars (daily exchange rate).
3. Flag likely duplicates (same amount and reference within 48 hours).
4. Explain the indexes you would create for 5 million movements a month and show the EXPLAIN of the main query.

Assessed: correctness on the test data, handling of NULL and rounding (NUMERIC, never float), clear CTEs, and performance.',
ARRAY['sql'], 'medium', 120, 'en', '2026-11-26T12:00:00Z', '2026-11-26T12:00:00Z'),
('019ac0a0-0000-7000-8000-000000000005', NULL, 'Dashboard de ventas en React',
'Construye un dashboard de ventas para una cadena de tiendas a partir de una API de prueba (JSON con ventas por día, tienda y categoría).

Requisitos:
1. Indicadores: ventas del período, ticket promedio y variación frente al período anterior.
2. Gráfico de ventas por día y ranking de tiendas; filtros por fechas, tienda y categoría que se reflejen en la URL.
3. Estados de carga, vacío y error; montos en soles con formato es-PE.
4. Accesible con teclado y usable en un celular.

Se evalúa: componentes pequeños y tipados (TypeScript), pruebas con Testing Library, manejo del estado del servidor y decisiones explicadas en el README.',
ARRAY['typescript', 'javascript'], 'medium', 300, 'es', '2026-11-26T12:00:00Z', '2026-11-26T12:00:00Z'),
('019ac0a0-0000-7000-8000-000000000006', NULL, 'Sales dashboard in React',
'Build a sales dashboard for a chain of stores from a mock API (JSON with sales per day, store and category).

Requirements:
1. Indicators: sales in the period, average ticket and change against the previous period.
2. A chart of sales per day and a ranking of stores; filters by dates, store and category reflected in the URL.
3. Loading, empty and error states; amounts in soles formatted for es-PE.
4. Keyboard accessible and usable on a phone.

Assessed: small, typed components (TypeScript), tests with Testing Library, handling of server state, and decisions explained in the README.',
ARRAY['typescript', 'javascript'], 'medium', 300, 'en', '2026-11-26T12:00:00Z', '2026-11-26T12:00:00Z'),
('019ac0a0-0000-7000-8000-000000000007', NULL, 'API REST de inventario',
'Diseña e implementa una API REST de inventario para varios almacenes, en Rust, Python o Node.

Requisitos:
1. Productos (SKU único), almacenes y stock por almacén; entradas, salidas y transferencias entre almacenes.
2. El stock nunca queda negativo, ni con pedidos simultáneos: demuestra cómo lo garantizas (transacciones, bloqueos) con una prueba concurrente.
3. Historial de movimientos paginado por cursor; reporte de productos bajo el stock mínimo.
4. Errores con códigos HTTP correctos y mensajes útiles; documentación OpenAPI.
5. Base de datos real (PostgreSQL o SQLite) con migraciones; un comando para levantar todo.

Se evalúa: modelo de datos, corrección ante concurrencia, pruebas de integración, legibilidad y el razonamiento del README.',
ARRAY['rust', 'python', 'typescript'], 'hard', 480, 'es', '2026-11-26T12:00:00Z', '2026-11-26T12:00:00Z'),
('019ac0a0-0000-7000-8000-000000000008', NULL, 'Inventory REST API',
'Design and build an inventory REST API for several warehouses, in Rust, Python or Node.

Requirements:
1. Products (unique SKU), warehouses and stock per warehouse; receipts, issues and transfers between warehouses.
2. Stock never goes negative, even under simultaneous orders: show how you guarantee it (transactions, locks) with a concurrent test.
3. Movement history paginated by cursor; a report of products below their minimum stock.
4. Errors with the right HTTP status codes and useful messages; OpenAPI documentation.
5. A real database (PostgreSQL or SQLite) with migrations; one command to run everything.

Assessed: data model, correctness under concurrency, integration tests, readability and the reasoning in the README.',
ARRAY['rust', 'python', 'typescript'], 'hard', 480, 'en', '2026-11-26T12:00:00Z', '2026-11-26T12:00:00Z');
