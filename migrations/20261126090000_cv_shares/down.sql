DROP POLICY cvs_shared ON cv.cvs;
DROP POLICY cv_sections_shared ON cv.cv_sections;
DROP POLICY skills_shared ON cv.skills;
DROP TABLE cv.shares;
