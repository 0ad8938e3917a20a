//! What candidates are told when their application moves: a company's template for that stage
//! (or for rejections) in the candidate's language, or the built-in text; `{{placeholders}}`
//! filled from the application.

/// The placeholders a template may use.
pub const PLACEHOLDERS: [&str; 4] = ["candidate_name", "job_title", "company_name", "stage"];

/// What fills the placeholders.
#[derive(Debug, Clone)]
pub struct Facts<'a> {
    pub candidate_name: &'a str,
    pub job_title: &'a str,
    pub company_name: &'a str,
    pub stage: &'a str,
}

/// What happened to the application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    Moved,
    Hired,
    Rejected,
}

/// The language mails to a person are written in: English for an `en…` locale, else Spanish.
pub fn language_of(locale: &str) -> &'static str {
    if locale.to_ascii_lowercase().starts_with("en") { "en" } else { "es" }
}

/// The placeholders of `text` that are not [`PLACEHOLDERS`], for a template being saved.
pub fn unknown_placeholders(text: &str) -> Vec<String> {
    let mut unknown = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else { break };
        let name = after[..close].trim();
        if !PLACEHOLDERS.contains(&name) && !unknown.iter().any(|u| u == name) {
            unknown.push(name.to_owned());
        }
        rest = &after[close + 2..];
    }
    unknown
}

/// `template` with its placeholders filled.
pub fn render(template: &str, facts: &Facts<'_>) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            out.push_str(&rest[open..]);
            return out;
        };
        let value = match after[..close].trim() {
            "candidate_name" => facts.candidate_name,
            "job_title" => facts.job_title,
            "company_name" => facts.company_name,
            "stage" => facts.stage,
            _ => &rest[open..open + 2 + close + 2],
        };
        out.push_str(value);
        rest = &after[close + 2..];
    }
    out.push_str(rest);
    out
}

/// The built-in subject and body for `event` in `language` (es or en).
pub fn built_in(event: Event, language: &str) -> (&'static str, &'static str) {
    match (event, language) {
        (Event::Moved, "en") => (
            "Your application for {{job_title}} moved forward",
            "Hello {{candidate_name}},\n\nYour application for {{job_title}} at {{company_name}} is now at the stage: {{stage}}.\n\nWe will keep you posted.\n{{company_name}}",
        ),
        (Event::Moved, _) => (
            "Tu postulación a {{job_title}} avanzó",
            "Hola, {{candidate_name}}:\n\nTu postulación a {{job_title}} en {{company_name}} pasó a la etapa: {{stage}}.\n\nTe mantendremos al tanto.\n{{company_name}}",
        ),
        (Event::Hired, "en") => (
            "Welcome to {{company_name}}",
            "Hello {{candidate_name}},\n\nCongratulations: {{company_name}} has hired you as {{job_title}}. They will contact you about the next steps.\n",
        ),
        (Event::Hired, _) => (
            "Bienvenido(a) a {{company_name}}",
            "Hola, {{candidate_name}}:\n\n¡Felicitaciones! {{company_name}} te ha contratado como {{job_title}}. Te contactarán para los siguientes pasos.\n",
        ),
        (Event::Rejected, "en") => (
            "About your application for {{job_title}}",
            "Hello {{candidate_name}},\n\nThank you for applying for {{job_title}} at {{company_name}}. After reviewing your application we have decided not to move forward with it this time.\n\nWe wish you the best in your search.\n{{company_name}}",
        ),
        (Event::Rejected, _) => (
            "Sobre tu postulación a {{job_title}}",
            "Hola, {{candidate_name}}:\n\nGracias por postular a {{job_title}} en {{company_name}}. Luego de revisar tu postulación, decidimos no continuar con ella en esta oportunidad.\n\nTe deseamos éxito en tu búsqueda.\n{{company_name}}",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> Facts<'static> {
        Facts {
            candidate_name: "Rosa Vargas",
            job_title: "Contadora Senior",
            company_name: "Acme SAC",
            stage: "Entrevista",
        }
    }

    #[test]
    fn placeholders_are_filled_and_unknown_ones_kept() {
        let text = render(
            "Hola {{candidate_name}}, {{ job_title }} en {{company_name}}: {{stage}} {{other}} {{open",
            &facts(),
        );
        assert_eq!(text, "Hola Rosa Vargas, Contadora Senior en Acme SAC: Entrevista {{other}} {{open");
    }

    #[test]
    fn unknown_placeholders_are_named() {
        assert_eq!(unknown_placeholders("{{candidate_name}} {{salary}} {{ salary }} {{stage}}"), ["salary"]);
        assert!(unknown_placeholders("no placeholders, {single} braces").is_empty());
    }

    #[test]
    fn built_in_texts_follow_the_candidates_language() {
        assert_eq!(language_of("en-US"), "en");
        assert_eq!(language_of("es-PE"), "es");
        assert_eq!(language_of("qu-PE"), "es");
        let (subject, body) = built_in(Event::Rejected, "en");
        assert!(subject.contains("{{job_title}}"));
        assert!(unknown_placeholders(body).is_empty());
        for event in [Event::Moved, Event::Hired, Event::Rejected] {
            for language in ["es", "en"] {
                let (subject, body) = built_in(event, language);
                assert!(unknown_placeholders(subject).is_empty() && unknown_placeholders(body).is_empty());
            }
        }
        assert!(render(built_in(Event::Moved, "es").1, &facts()).contains("pasó a la etapa: Entrevista"));
    }
}
