"""Set-up through the API for the hiring benchmarks of `make bench` (scripts/bench.sh).

  setup.py company BASE_URL OPEN_JOBS OUT_JSON
      Registers the company's admin, creates the company (POST /api/v1/tenants), switches the
      admin's token into it, then creates and publishes the list benchmark's posting (an
      accounting job) and OPEN_JOBS postings for the submit benchmark (titles and requirements
      of eight families of work, in turn). Writes {admin_id, admin_token, tenant_id, list_job, list_title,
      open_jobs: [...]}.
  setup.py accounts BASE_URL EMAIL_PREFIX COUNT OUT_FILE
      Registers COUNT accounts (4 at a time: each sign-up hashes a password with argon2) and
      writes "USER_ID TOKEN" lines, in the order of their numbers.
  setup.py upload BASE_URL ACCOUNTS_FILE FILE...
      Uploads FILE i with account i (POST /api/v1/cvs) and prints "USER_ID CV_ID" lines.

Any answer other than the expected status stops the set-up (exit 1). Standard library only.
"""

import http.client
import json
import sys
import urllib.parse
import uuid
from concurrent.futures import ThreadPoolExecutor

PASSWORD = "Bench-Password-9731"

# (title, description, must, nice, remote): one posting per family of work, as a company writes
# them (bench/hiring/load.sh's families); the submit benchmark's postings take them in turn.
POSTINGS = [
    ("Analista Contable", "Cierres mensuales, conciliaciones bancarias y estados financieros para una empresa de consumo masivo.",
     ["Contabilidad general", "Estados financieros bajo NIIF"], ["Excel avanzado", "SAP"], "hybrid"),
    ("Desarrollador Backend", "Construimos APIs en Python con PostgreSQL, desplegadas con CI/CD en contenedores.",
     ["Python", "PostgreSQL"], ["Docker", "Git"], "remote"),
    ("Ejecutivo de Ventas", "Venta consultiva a empresas, prospeccion de clientes y seguimiento en CRM.",
     ["Ventas consultivas", "Negociacion"], ["Salesforce"], "onsite"),
    ("Ingeniero de Minas", "Planeamiento de mina de corto plazo y control de operaciones en tajo abierto.",
     ["Planeamiento de mina", "Seguridad minera"], ["AutoCAD"], "onsite"),
    ("Docente de Matematica", "Docencia en secundaria, planificacion curricular y evaluacion por competencias.",
     ["Planificacion curricular", "Didactica"], ["Google Classroom"], "onsite"),
    ("Enfermera Asistencial", "Atencion de pacientes en hospitalizacion, administracion de medicamentos y registros clinicos.",
     ["Cuidado del paciente", "Administracion de medicamentos"], [], "onsite"),
    ("Asistente Administrativo", "Gestion documental, atencion de proveedores y apoyo en planillas.",
     ["Gestion documental", "Excel"], ["Office"], "hybrid"),
    ("Analista de Logistica", "Control de inventarios, compras nacionales y coordinacion con almacenes.",
     ["Gestion de inventarios", "Compras"], ["SAP", "Excel"], "hybrid"),
]
CITIES = ["Lima", "Arequipa", "Trujillo", "Cusco"]


class Api:
    def __init__(self, base):
        target = urllib.parse.urlsplit(base)
        self.host, self.port = target.hostname, target.port

    def call(self, method, path, token=None, body=None, expect=(200, 201), headers=None, raw=None):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
        try:
            h = dict(headers or {})
            if token:
                h["Authorization"] = f"Bearer {token}"
            payload = raw
            if body is not None:
                payload = json.dumps(body)
                h["Content-Type"] = "application/json"
            conn.request(method, path, body=payload, headers=h)
            response = conn.getresponse()
            data = response.read()
        finally:
            conn.close()
        if response.status not in expect:
            sys.exit(f"setup.py: {method} {path}: {response.status} {data[:500]!r}")
        return json.loads(data) if data else None


def register(api, email):
    body = api.call("POST", "/api/v1/auth/register", body={
        "email": email, "password": PASSWORD, "first_name": "Bench", "last_name": "Mark",
        "accept_terms": True, "accept_privacy": True})
    return body["user"]["id"], body["access_token"]


def posting(api, token, spec, city):
    title, description, must, nice, remote = spec
    requirements = [{"text": t, "kind": "must"} for t in must] + [{"text": t, "kind": "nice"} for t in nice]
    created = api.call("POST", "/api/v1/jobs", token, {
        "title": title, "description": description, "requirements": requirements,
        "employment_type": "full-time", "remote_policy": remote, "location_city": city})
    api.call("POST", f"/api/v1/jobs/{created['id']}/publish", token, {})
    return created["id"]


def company(base, open_jobs, out):
    api = Api(base)
    admin_id, token = register(api, "bench-hiring-admin@example.com")
    tenant = api.call("POST", "/api/v1/tenants", token, {"name": "Empresa Bench Hiring", "slug": "bench-hiring-co"})
    token = api.call("POST", "/api/v1/auth/switch-tenant", token, {"tenant_id": tenant["id"]})["access_token"]
    # A new company tries team (10 active postings); the benchmark's open postings need enterprise.
    api.call("POST", f"/api/v1/tenants/{tenant['id']}/billing/subscription/change", token, {"plan_id": "enterprise"})
    list_job = posting(api, token, POSTINGS[0], "Lima")
    jobs = [posting(api, token, POSTINGS[i % len(POSTINGS)], CITIES[i % len(CITIES)]) for i in range(open_jobs)]
    with open(out, "w") as f:
        json.dump({"admin_id": admin_id, "admin_token": token, "tenant_id": tenant["id"], "list_job": list_job,
                   "list_title": POSTINGS[0][0], "open_jobs": jobs}, f)


def accounts(base, prefix, count, out):
    api = Api(base)
    with ThreadPoolExecutor(4) as pool:
        made = list(pool.map(lambda i: register(api, f"{prefix}{i}@example.com"), range(1, count + 1)))
    with open(out, "w") as f:
        for user_id, token in made:
            f.write(f"{user_id} {token}\n")


def upload(base, accounts_file, files):
    api = Api(base)
    people = [line.split() for line in open(accounts_file) if line.strip()]
    if len(people) < len(files):
        sys.exit("setup.py: fewer accounts than files")
    for (user_id, token), path in zip(people, files):
        with open(path, "rb") as f:
            data = f.read()
        name = path.rsplit("/", 1)[-1]
        mime = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                if name.endswith(".docx") else "application/pdf")
        boundary = "----bench" + uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
                f"Content-Type: {mime}\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
        cv = api.call("POST", "/api/v1/cvs", token, raw=body, expect=(201, 202),
                      headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        print(user_id, cv["id"])


def main():
    mode = sys.argv[1]
    if mode == "company":
        company(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    elif mode == "accounts":
        accounts(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])
    elif mode == "upload":
        upload(sys.argv[2], sys.argv[3], sys.argv[4:])
    else:
        sys.exit(f"setup.py: unknown mode {mode}")


if __name__ == "__main__":
    main()
