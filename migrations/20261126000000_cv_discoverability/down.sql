DROP POLICY cv_embeddings_discoverable ON cv.cv_embeddings;
DROP POLICY skills_discoverable ON cv.skills;
DROP POLICY cv_sections_discoverable ON cv.cv_sections;
DROP POLICY cvs_discoverable ON cv.cvs;
DROP TABLE cv.consents;
REVOKE UPDATE (discoverable_since) ON cv.cvs FROM entrevistador_app;
ALTER TABLE cv.cvs DROP COLUMN discoverable_since;
