DROP INDEX matching.board_expires_idx;
DROP FUNCTION matching.fold_board_counts();
DROP TRIGGER board_counts_changed ON matching.board;
DROP TRIGGER board_counts_added_removed ON matching.board;
DROP FUNCTION matching.board_count();
DROP FUNCTION matching.facet_values(matching.board);
DROP FUNCTION matching.salary_bucket(numeric);
DROP TABLE matching.board_counts;
