-- A company corrects its own candidate's name, email or phone: their applications follow (what the
-- company's views, mails and search read), so the application role may write those columns.
GRANT UPDATE (candidate_name, candidate_email, candidate_phone, search_identity) ON hiring.applications
    TO entrevistador_app;
