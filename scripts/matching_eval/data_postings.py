"""Vocabulary of the job-posting generator: per profession, titles by seniority level (ES and EN, in
wordings that differ from the CVs' titles on purpose), responsibilities, industry and job function.
Skills and degrees come from the CV fixtures' own data (scripts/fixtures/data_professions.py),
imported, so a posting and a CV meet on the same real skill names.

Levels: intern, junior, mid, senior, lead (the API's seniority_level values, "executive" unused).
"""

LEVELS = ["intern", "junior", "mid", "senior", "lead"]

# profession -> level -> [(es, en)]
TITLES = {
    "software": {
        "intern": [("Practicante de Desarrollo de Software", "Software Engineering Intern"),
                   ("Practicante de Sistemas", "IT Intern")],
        "junior": [("Desarrollador Web Junior", "Junior Web Developer"),
                   ("Programador Junior", "Junior Software Developer")],
        "mid": [("Desarrollador Backend Java", "Backend Engineer (Java)"),
                ("Desarrollador Full Stack", "Full Stack Developer"),
                ("Desarrollador Frontend React", "Frontend Developer (React)")],
        "senior": [("Ingeniero de Software Senior", "Senior Software Engineer"),
                   ("Desarrollador Backend Senior", "Senior Backend Developer")],
        "lead": [("Líder Técnico de Desarrollo", "Engineering Lead"),
                 ("Jefe de Desarrollo de Software", "Software Development Manager")],
    },
    "data": {
        "intern": [("Practicante de Analítica de Datos", "Data Analytics Intern"),
                   ("Practicante de Business Intelligence", "BI Intern")],
        "junior": [("Analista de Datos Junior", "Junior Data Analyst"),
                   ("Analista de Reportes Junior", "Junior Reporting Analyst")],
        "mid": [("Analista de Datos", "Data Analyst"), ("Científico de Datos", "Data Scientist"),
                ("Ingeniero de Datos", "Data Engineer")],
        "senior": [("Científico de Datos Senior", "Senior Data Scientist"),
                   ("Analista de Business Intelligence Senior", "Senior Business Intelligence Analyst")],
        "lead": [("Jefe de Analítica", "Analytics Manager"), ("Líder de Ciencia de Datos", "Head of Data Science")],
    },
    "accounting": {
        "intern": [("Practicante de Contabilidad", "Accounting Intern"), ("Practicante Contable", "Finance Intern")],
        "junior": [("Asistente Contable", "Junior Accountant"), ("Auxiliar Contable", "Accounting Clerk")],
        "mid": [("Analista Contable", "Accounting Analyst"), ("Contador", "Accountant"),
                ("Analista de Cuentas por Pagar", "Accounts Payable Analyst")],
        "senior": [("Contador Senior", "Senior Accountant"), ("Contador General", "General Accountant")],
        "lead": [("Jefe de Contabilidad", "Accounting Manager"), ("Contador General – Jefatura", "Head of Accounting")],
    },
    "sales": {
        "intern": [("Practicante Comercial", "Sales Intern"), ("Practicante de Ventas", "Business Development Intern")],
        "junior": [("Asesor Comercial", "Sales Representative"), ("Ejecutivo de Ventas Junior", "Junior Sales Executive")],
        "mid": [("Ejecutivo de Ventas Corporativas", "Corporate Sales Executive"),
                ("Ejecutivo de Cuentas B2B", "B2B Account Executive")],
        "senior": [("Key Account Manager", "Key Account Manager"),
                   ("Ejecutivo Senior de Ventas Corporativas", "Senior Account Executive")],
        "lead": [("Jefe de Ventas", "Sales Manager"), ("Gerente Comercial", "Head of Sales")],
    },
    "hr": {
        "intern": [("Practicante de Recursos Humanos", "HR Intern"),
                   ("Practicante de Reclutamiento", "Talent Acquisition Intern")],
        "junior": [("Asistente de Recursos Humanos", "HR Assistant"), ("Asistente de Planillas", "Payroll Assistant")],
        "mid": [("Analista de Reclutamiento y Selección", "Talent Acquisition Specialist"),
                ("Analista de Planillas", "Payroll Analyst"), ("Analista de Recursos Humanos", "HR Generalist")],
        "senior": [("HR Business Partner", "HR Business Partner"),
                   ("Especialista Senior de Compensaciones", "Senior Compensation Specialist")],
        "lead": [("Jefe de Recursos Humanos", "HR Manager"), ("Gerente de Gestión Humana", "Head of People")],
    },
    "nursing": {
        "intern": [("Interno de Enfermería", "Nursing Intern"), ("Practicante de Enfermería", "Student Nurse")],
        "junior": [("Técnico en Enfermería", "Nursing Assistant"), ("Auxiliar de Enfermería", "Nurse Aide")],
        "mid": [("Licenciada en Enfermería", "Registered Nurse"), ("Enfermera Asistencial", "Staff Nurse")],
        "senior": [("Enfermera Especialista en UCI", "ICU Nurse Specialist"),
                   ("Enfermera de Emergencias Senior", "Senior Emergency Nurse")],
        "lead": [("Jefa de Enfermería", "Nurse Manager"), ("Coordinadora del Servicio de Enfermería", "Head Nurse")],
    },
    "civil": {
        "intern": [("Practicante de Ingeniería Civil", "Civil Engineering Intern"),
                   ("Practicante de Oficina Técnica", "Construction Intern")],
        "junior": [("Asistente de Residente de Obra", "Junior Site Engineer"),
                   ("Asistente de Oficina Técnica", "Assistant Cost Estimator")],
        "mid": [("Ingeniero de Costos y Presupuestos", "Cost Engineer"), ("Supervisor de Obra", "Construction Supervisor"),
                ("Ingeniero de Planeamiento", "Construction Planning Engineer")],
        "senior": [("Ingeniero Residente de Obra", "Senior Site Engineer"),
                   ("Ingeniero Civil Senior", "Senior Civil Engineer")],
        "lead": [("Jefe de Oficina Técnica", "Technical Office Manager"), ("Gerente de Proyectos de Construcción", "Construction Project Manager")],
    },
    "mining": {
        "intern": [("Practicante de Ingeniería de Minas", "Mining Engineering Intern"),
                   ("Practicante de Geología", "Geology Intern")],
        "junior": [("Ingeniero de Minas Junior", "Junior Mining Engineer"), ("Asistente de Geología", "Junior Geologist")],
        "mid": [("Ingeniero de Planeamiento de Mina", "Mine Planning Engineer"),
                ("Geólogo de Exploración", "Exploration Geologist"), ("Supervisor de Operaciones Mina", "Mine Shift Supervisor")],
        "senior": [("Ingeniero de Minas Senior", "Senior Mining Engineer"),
                   ("Ingeniero Senior de Perforación y Voladura", "Senior Drill and Blast Engineer")],
        "lead": [("Superintendente de Mina", "Mine Superintendent"), ("Jefe de Operaciones Mina", "Mine Operations Manager")],
    },
    "logistics": {
        "intern": [("Practicante de Logística", "Logistics Intern"),
                   ("Practicante de Comercio Exterior", "Foreign Trade Intern")],
        "junior": [("Asistente de Almacén", "Warehouse Assistant"), ("Asistente de Importaciones", "Import Assistant")],
        "mid": [("Analista de Logística", "Logistics Analyst"), ("Analista de Comercio Exterior", "Foreign Trade Analyst"),
                ("Analista de Compras", "Procurement Analyst")],
        "senior": [("Jefe de Almacén", "Warehouse Manager"), ("Coordinador Senior de Importaciones", "Senior Import Coordinator")],
        "lead": [("Jefe de Logística", "Logistics Manager"), ("Gerente de Cadena de Suministro", "Supply Chain Manager")],
    },
    "teaching": {
        "intern": [("Practicante de Educación", "Student Teacher"),
                   ("Practicante Docente de Primaria", "Primary Teaching Intern")],
        "junior": [("Auxiliar de Educación", "Teaching Assistant"), ("Docente Auxiliar de Inicial", "Assistant Teacher")],
        "mid": [("Docente de Matemática", "Mathematics Teacher"), ("Profesor de Inglés", "English Teacher"),
                ("Docente de Educación Primaria", "Primary School Teacher")],
        "senior": [("Docente Senior de Secundaria", "Senior Secondary Teacher"),
                   ("Coordinador Académico", "Academic Coordinator")],
        "lead": [("Director Académico", "Head of Academics"), ("Subdirectora de Formación General", "Deputy Head Teacher")],
    },
    "hospitality": {
        "intern": [("Practicante de Hotelería", "Hospitality Intern"), ("Practicante de Cocina", "Kitchen Intern")],
        "junior": [("Recepcionista de Hotel", "Hotel Receptionist"), ("Ayudante de Cocina", "Commis Chef"),
                   ("Mozo", "Waiter")],
        "mid": [("Cocinero de Partida", "Chef de Partie"), ("Guía de Turismo Bilingüe", "Bilingual Tour Guide"),
                ("Supervisor de Housekeeping", "Housekeeping Supervisor")],
        "senior": [("Jefe de Recepción", "Front Office Manager"), ("Sous Chef", "Sous Chef")],
        "lead": [("Administrador de Restaurante", "Restaurant Manager"), ("Gerente de Hotel", "Hotel General Manager")],
    },
    "legal": {
        "intern": [("Practicante de Derecho", "Legal Intern"), ("Practicante Pre Profesional Legal", "Law Clerk")],
        "junior": [("Asistente Legal", "Paralegal"), ("Abogado Junior", "Junior Associate")],
        "mid": [("Abogado Corporativo", "Corporate Lawyer"), ("Abogado Laboralista", "Employment Lawyer"),
                ("Abogado Asociado", "Associate Attorney")],
        "senior": [("Abogado Senior", "Senior Associate"), ("Asesor Legal Senior", "Senior Legal Counsel")],
        "lead": [("Gerente Legal", "General Counsel"), ("Jefe del Área Legal", "Head of Legal")],
    },
    "marketing": {
        "intern": [("Practicante de Marketing", "Marketing Intern"), ("Practicante de Marketing Digital", "Digital Marketing Intern")],
        "junior": [("Asistente de Marketing", "Marketing Assistant"), ("Community Manager", "Social Media Coordinator")],
        "mid": [("Analista de Marketing Digital", "Digital Marketing Specialist"), ("Especialista SEO/SEM", "SEO/SEM Specialist"),
                ("Analista de Performance Marketing", "Performance Marketing Analyst")],
        "senior": [("Brand Manager", "Brand Manager"), ("Especialista Senior de Marketing Digital", "Senior Digital Marketing Manager")],
        "lead": [("Jefe de Marketing", "Marketing Manager"), ("Gerente de Marketing", "Head of Marketing")],
    },
    "customer_service": {
        "intern": [("Practicante de Atención al Cliente", "Customer Service Intern"),
                   ("Practicante de Experiencia del Cliente", "Customer Experience Intern")],
        "junior": [("Asesor de Atención al Cliente", "Customer Service Representative"),
                   ("Teleoperador de Call Center", "Call Center Agent")],
        "mid": [("Supervisor de Call Center", "Contact Center Supervisor"),
                ("Analista de Calidad de Atención", "Customer Service Quality Analyst")],
        "senior": [("Supervisor Senior de Atención al Cliente", "Senior Customer Service Supervisor"),
                   ("Especialista de Experiencia del Cliente", "Customer Experience Specialist")],
        "lead": [("Jefe de Experiencia del Cliente", "Customer Experience Manager"),
                 ("Jefe de Contact Center", "Contact Center Manager")],
    },
    "administration": {
        "intern": [("Practicante Administrativo", "Administrative Intern"), ("Practicante de Administración", "Office Intern")],
        "junior": [("Asistente Administrativo", "Administrative Assistant"), ("Recepcionista Administrativa", "Office Assistant")],
        "mid": [("Analista Administrativo", "Administrative Analyst"), ("Secretaria Ejecutiva", "Executive Assistant")],
        "senior": [("Coordinador Administrativo", "Office Manager"), ("Analista Administrativo Senior", "Senior Administrative Officer")],
        "lead": [("Jefe de Administración", "Administration Manager"), ("Jefe de Administración y Finanzas", "Head of Administration and Finance")],
    },
}

# What the job does, said as a posting says it (not the CVs' first-person bullets).
DUTIES = {
    "software": {
        "es": ["Diseñar, desarrollar y mantener servicios y APIs del producto.", "Participar en revisiones de código y en la definición de la arquitectura.",
               "Escribir pruebas automatizadas y mantener el pipeline de despliegue.", "Resolver incidencias de producción junto al equipo de soporte.",
               "Trabajar con producto y diseño para entregar funcionalidades cada sprint."],
        "en": ["Design, build and maintain the product's services and APIs.", "Take part in code reviews and architecture decisions.",
               "Write automated tests and keep the deployment pipeline healthy.", "Troubleshoot production issues with the support team.",
               "Work with product and design to ship features every sprint."],
    },
    "data": {
        "es": ["Construir tableros e indicadores para las áreas de negocio.", "Diseñar modelos predictivos y medir su impacto.",
               "Desarrollar y mantener procesos de carga de datos.", "Asegurar la calidad y consistencia de la información.",
               "Presentar hallazgos a la gerencia con recomendaciones accionables."],
        "en": ["Build dashboards and KPIs for business teams.", "Design predictive models and measure their impact.",
               "Develop and maintain data loading pipelines.", "Ensure data quality and consistency.",
               "Present findings to management with actionable recommendations."],
    },
    "accounting": {
        "es": ["Realizar el cierre contable mensual y anual.", "Elaborar estados financieros y reportes para la gerencia.",
               "Preparar las declaraciones mensuales de impuestos.", "Efectuar conciliaciones bancarias y análisis de cuentas.",
               "Atender auditorías externas y requerimientos de la administración tributaria."],
        "en": ["Run the monthly and annual accounting close.", "Prepare financial statements and management reports.",
               "Prepare monthly tax returns.", "Perform bank reconciliations and account analyses.",
               "Support external audits and tax authority requests."],
    },
    "sales": {
        "es": ["Prospectar y desarrollar nuevos clientes corporativos.", "Gestionar una cartera de cuentas y cumplir la cuota mensual.",
               "Elaborar propuestas comerciales y negociar condiciones.", "Registrar oportunidades y actividades en el CRM.",
               "Coordinar con operaciones la entrega y el servicio postventa."],
        "en": ["Prospect and develop new corporate clients.", "Manage an account portfolio and meet the monthly quota.",
               "Prepare commercial proposals and negotiate terms.", "Log opportunities and activities in the CRM.",
               "Coordinate delivery and after-sales service with operations."],
    },
    "hr": {
        "es": ["Gestionar procesos de reclutamiento y selección de punta a punta.", "Procesar la planilla mensual y los beneficios sociales.",
               "Ejecutar programas de capacitación e inducción.", "Medir el clima laboral y proponer planes de acción.",
               "Asesorar a los líderes en temas de relaciones laborales."],
        "en": ["Run end-to-end recruitment and selection processes.", "Process the monthly payroll and statutory benefits.",
               "Deliver training and onboarding programs.", "Measure employee engagement and propose action plans.",
               "Advise managers on employee relations."],
    },
    "nursing": {
        "es": ["Brindar cuidado integral a pacientes hospitalizados.", "Administrar medicamentos según indicación médica.",
               "Registrar la evolución del paciente en la historia clínica.", "Cumplir los protocolos de bioseguridad del servicio.",
               "Coordinar con el equipo médico en turnos rotativos."],
        "en": ["Provide comprehensive care to inpatients.", "Administer medication as prescribed.",
               "Record patient progress in the clinical record.", "Follow the unit's infection-control protocols.",
               "Work with the medical team on rotating shifts."],
    },
    "civil": {
        "es": ["Elaborar presupuestos, metrados y valorizaciones de obra.", "Supervisar la ejecución de partidas en campo.",
               "Controlar el cronograma y los costos del proyecto.", "Revisar planos y expedientes técnicos.",
               "Coordinar con subcontratistas y la supervisión."],
        "en": ["Prepare budgets, quantity takeoffs and progress valuations.", "Supervise works on site.",
               "Track the project schedule and costs.", "Review drawings and design packages.",
               "Coordinate subcontractors and the client's supervision."],
    },
    "mining": {
        "es": ["Elaborar el plan de minado de corto y mediano plazo.", "Supervisar las operaciones de perforación, voladura y acarreo.",
               "Controlar leyes y tonelajes con el área de geología.", "Velar por el cumplimiento del reglamento de seguridad.",
               "Elaborar reportes de producción diarios."],
        "en": ["Prepare short and medium-term mine plans.", "Supervise drilling, blasting and hauling operations.",
               "Reconcile grades and tonnages with the geology team.", "Enforce the site's safety regulations.",
               "Prepare daily production reports."],
    },
    "logistics": {
        "es": ["Coordinar importaciones y el despacho de mercadería.", "Controlar inventarios y la operación del almacén.",
               "Negociar con proveedores, agentes de carga y transportistas.", "Planificar rutas y la distribución a clientes.",
               "Reportar indicadores de nivel de servicio y costos logísticos."],
        "en": ["Coordinate imports and customs clearance.", "Control inventory and warehouse operations.",
               "Negotiate with suppliers, freight forwarders and carriers.", "Plan routes and deliveries to customers.",
               "Report service-level and logistics cost KPIs."],
    },
    "teaching": {
        "es": ["Planificar y desarrollar sesiones de aprendizaje.", "Evaluar el progreso de los estudiantes por competencias.",
               "Atender a padres de familia y realizar tutoría.", "Usar plataformas virtuales en clases híbridas.",
               "Participar en las jornadas de planificación del colegio."],
        "en": ["Plan and teach lessons.", "Assess students' progress against competencies.",
               "Meet parents and provide student mentoring.", "Use virtual platforms in hybrid classes.",
               "Take part in the school's planning days."],
    },
    "hospitality": {
        "es": ["Atender a huéspedes y comensales con altos estándares de servicio.", "Gestionar reservas, check-in y check-out.",
               "Preparar platos de la carta cumpliendo normas de inocuidad.", "Supervisar la limpieza y el orden de las áreas.",
               "Coordinar eventos y atenciones especiales."],
        "en": ["Serve guests to high service standards.", "Manage reservations, check-in and check-out.",
               "Prepare menu dishes following food-safety rules.", "Supervise cleanliness of rooms and public areas.",
               "Coordinate events and special requests."],
    },
    "legal": {
        "es": ["Redactar y revisar contratos comerciales.", "Patrocinar procesos judiciales y arbitrales.",
               "Absolver consultas legales de las áreas de la empresa.", "Velar por el cumplimiento normativo.",
               "Elaborar informes legales para la gerencia."],
        "en": ["Draft and review commercial contracts.", "Handle litigation and arbitration proceedings.",
               "Answer legal questions from business teams.", "Ensure regulatory compliance.",
               "Write legal memos for management."],
    },
    "marketing": {
        "es": ["Planificar y ejecutar campañas digitales.", "Gestionar el contenido de redes sociales de la marca.",
               "Medir resultados y optimizar la inversión publicitaria.", "Coordinar con agencias y proveedores creativos.",
               "Analizar el mercado y la competencia."],
        "en": ["Plan and run digital campaigns.", "Manage the brand's social media content.",
               "Measure results and optimise ad spend.", "Coordinate agencies and creative vendors.",
               "Analyse the market and competitors."],
    },
    "customer_service": {
        "es": ["Atender consultas y reclamos por teléfono, chat y correo.", "Registrar cada caso en el sistema y darle seguimiento.",
               "Cumplir los indicadores de calidad y tiempo de atención.", "Ofrecer productos complementarios a los clientes.",
               "Escalar casos complejos al área correspondiente."],
        "en": ["Handle inquiries and complaints by phone, chat and email.", "Log every case in the system and follow it up.",
               "Meet quality and handling-time targets.", "Offer complementary products to customers.",
               "Escalate complex cases to the right team."],
    },
    "administration": {
        "es": ["Gestionar la documentación y el archivo del área.", "Administrar la caja chica y las rendiciones de gastos.",
               "Coordinar compras de útiles y servicios generales.", "Manejar la agenda de la gerencia.",
               "Elaborar reportes administrativos mensuales."],
        "en": ["Manage the department's documents and filing.", "Handle petty cash and expense reports.",
               "Coordinate office supplies and general services purchases.", "Manage the director's calendar.",
               "Prepare monthly administrative reports."],
    },
}

# (industry, job_function) as free text the way companies fill them.
INDUSTRY = {
    "software": ("Tecnología", "Ingeniería de software"), "data": ("Tecnología", "Analítica de datos"),
    "accounting": ("Servicios financieros", "Contabilidad"), "sales": ("Comercio", "Ventas"),
    "hr": ("Servicios profesionales", "Recursos humanos"), "nursing": ("Salud", "Enfermería"),
    "civil": ("Construcción", "Ingeniería civil"), "mining": ("Minería", "Operaciones mina"),
    "logistics": ("Logística", "Logística y comercio exterior"), "teaching": ("Educación", "Docencia"),
    "hospitality": ("Hotelería y turismo", "Hotelería"), "legal": ("Servicios legales", "Legal"),
    "marketing": ("Consumo masivo", "Marketing"), "customer_service": ("Telecomunicaciones", "Atención al cliente"),
    "administration": ("Servicios", "Administración"),
}

# Where the work can be done: weights of onsite, hybrid, remote.
REMOTE_WEIGHTS = {
    "software": (2, 4, 4), "data": (2, 4, 3), "marketing": (3, 4, 2), "sales": (4, 3, 1), "accounting": (5, 3, 1),
    "hr": (5, 3, 1), "legal": (5, 3, 1), "administration": (7, 2, 0.5), "customer_service": (5, 2, 2),
    "logistics": (8, 1, 0.2), "teaching": (8, 1, 0.5), "nursing": (1, 0, 0), "civil": (1, 0, 0), "mining": (1, 0, 0),
    "hospitality": (1, 0, 0),
}

# Monthly salary bands in PEN by level (min of range); other currencies are converted roughly.
SALARY_PEN = {"intern": (1025, 1500), "junior": (1500, 3000), "mid": (3000, 6000), "senior": (6000, 11000),
              "lead": (9000, 18000)}
# Professions paying above / below the middle.
SALARY_FACTOR = {"software": 1.5, "data": 1.4, "mining": 1.6, "legal": 1.2, "civil": 1.2, "accounting": 1.0,
                 "sales": 1.0, "marketing": 1.0, "hr": 0.95, "logistics": 0.95, "nursing": 0.9, "administration": 0.8,
                 "teaching": 0.75, "hospitality": 0.7, "customer_service": 0.65}

# (city, country, currency, PEN->currency rate, weight)
CITIES = [
    ("Lima", "PE", "PEN", 1, 40), ("Arequipa", "PE", "PEN", 1, 6), ("Trujillo", "PE", "PEN", 1, 4),
    ("Cusco", "PE", "PEN", 1, 3), ("Piura", "PE", "PEN", 1, 3), ("Chiclayo", "PE", "PEN", 1, 3),
    ("Huancayo", "PE", "PEN", 1, 2), ("Callao", "PE", "PEN", 1, 3), ("Cajamarca", "PE", "PEN", 1, 1),
    ("Ica", "PE", "PEN", 1, 1), ("Tacna", "PE", "PEN", 1, 1),
    ("Ciudad de México", "MX", "MXN", 4.6, 4), ("Guadalajara", "MX", "MXN", 4.6, 2), ("Monterrey", "MX", "MXN", 4.6, 2),
    ("Bogotá", "CO", "COP", 1050, 4), ("Medellín", "CO", "COP", 1050, 2),
    ("Santiago", "CL", "CLP", 250, 3), ("Antofagasta", "CL", "CLP", 250, 1),
    ("Buenos Aires", "AR", "ARS", 260, 2), ("Córdoba", "AR", "ARS", 260, 1),
    ("Quito", "EC", "USD", 0.27, 1),
]
# Mining jobs are where the mines are.
MINING_CITIES = [("Cajamarca", "PE", "PEN", 1, 3), ("Arequipa", "PE", "PEN", 1, 3), ("Huancayo", "PE", "PEN", 1, 2),
                 ("Lima", "PE", "PEN", 1, 2), ("Antofagasta", "CL", "CLP", 250, 2), ("Cusco", "PE", "PEN", 1, 1)]

COMPANY_KINDS = {
    "es": ["una empresa líder del sector {ind}", "una corporación peruana con más de {n} años en el mercado",
           "una empresa multinacional del rubro {ind}", "una mediana empresa en crecimiento del sector {ind}",
           "un grupo empresarial con presencia en {k} países"],
    "en": ["a leading company in the {ind} sector", "a Peruvian group with over {n} years in the market",
           "a multinational {ind} company", "a growing mid-sized {ind} company",
           "a business group operating in {k} countries"],
}

INDUSTRY_EN = {"Tecnología": "technology", "Servicios financieros": "financial services", "Comercio": "retail",
               "Servicios profesionales": "professional services", "Salud": "healthcare", "Construcción": "construction",
               "Minería": "mining", "Logística": "logistics", "Educación": "education",
               "Hotelería y turismo": "hospitality", "Servicios legales": "legal services", "Consumo masivo": "consumer goods",
               "Telecomunicaciones": "telecom", "Servicios": "services"}

BENEFITS = {
    "es": ["Planilla completa con todos los beneficios de ley", "Seguro EPS al 100 %", "Bono anual por desempeño",
           "Capacitación constante", "Línea de carrera", "Horario flexible", "Home office dos días por semana",
           "Movilidad y alimentación", "Seguro de vida Ley", "Días libres por cumpleaños"],
    "en": ["Full payroll with all statutory benefits", "Private health insurance", "Annual performance bonus",
           "Ongoing training", "Clear career path", "Flexible hours", "Work from home two days a week",
           "Transport and meals", "Life insurance", "Birthday day off"],
}

# Level words used in requirements and descriptions.
LEVEL_YEARS = {"intern": (0, 0), "junior": (1, 2), "mid": (2, 4), "senior": (5, 7), "lead": (7, 10)}

SOFT = {
    "es": ["Capacidad de trabajo en equipo", "Orientación a resultados", "Buena comunicación oral y escrita",
           "Proactividad y atención al detalle", "Capacidad de trabajar bajo presión"],
    "en": ["Team player", "Results-driven", "Good written and spoken communication", "Proactive and detail-oriented",
           "Able to work under pressure"],
}

ENGLISH_REQ = {"es": ["Inglés intermedio", "Inglés avanzado (deseable)", "Inglés a nivel conversacional"],
               "en": ["Fluent Spanish; intermediate English", "Advanced English", "Spanish and English, both fluent"]}
