DROP TABLE identity.data_exports;
