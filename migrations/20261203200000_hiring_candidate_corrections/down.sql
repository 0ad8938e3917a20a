REVOKE UPDATE (candidate_name, candidate_email, candidate_phone, search_identity) ON hiring.applications
    FROM entrevistador_app;
