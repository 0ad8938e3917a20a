DROP TABLE cv.cv_embeddings;
DROP TABLE cv.skills;
DROP TABLE cv.cv_sections;
