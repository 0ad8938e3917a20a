DROP FUNCTION hiring.use_challenge_template(uuid);
DROP TABLE hiring.technical_evaluations;
DROP TABLE hiring.challenge_templates;
DROP TABLE hiring.scorecard_scores;
DROP TABLE hiring.scorecards;
DROP TABLE hiring.scorecard_criteria;
