/*
 * migrate.h — the migrations compiled into the library (generated from sql/).
 */
#ifndef PORTAIL_MIGRATE_H
#define PORTAIL_MIGRATE_H

struct ptl__migration {
	int number;
	const char *name;
	const char *sql;
};

extern const struct ptl__migration ptl__migrations[];
extern const int ptl__migration_count;

#endif
