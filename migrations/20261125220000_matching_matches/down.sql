DROP TABLE matching.matches;
