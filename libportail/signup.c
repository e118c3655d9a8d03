/*
 * signup.c — first sign-up by a parent, email confirmation, and "forgotten
 * password" by email (see signup.h); the signup kind of request, whose
 * acceptance activates the family's account.
 *
 * The functions that take an email answer the same whether it is known or
 * not, and leave delivery of what they queue to the outbox's delivery loop
 * (ptl_mail_deliver), so that not even the time taken tells.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <portail/auth.h>
#include <portail/date.h>
#include <portail/error.h>
#include <portail/signup.h>

#include "db-internal.h"
#include "error-internal.h"
#include "mail-internal.h"
#include "password.h"
#include "rate.h"
#include "request-internal.h"
#include "session-internal.h"
#include "util.h"
#include "validate.h"

/* At most this many reset links per account per hour. */
#define RESET_LINKS_PER_HOUR 3

static int stale_link(void)
{
	return ptl__error_set(PTL_EAUTH, "token",
		"Ce lien n’est plus valide : il a déjà servi ou a expiré. Faites une nouvelle demande.",
		"unknown, used or expired link");
}

/* A new link token for a guardian: the token goes into @p token, its hash
 * into the database. */
static int issue_token(ptl_db *db, int64_t guardian_id, const char *purpose, int64_t lifetime,
                       char token[PTL_TOKEN_LEN + 1])
{
	char hash[65];
	ptl_time now = ptl_clock_now();
	struct ptl__num gid = ptl__num(guardian_id), n = ptl__num(now),
	                expires = ptl__num(now + lifetime);
	const char *params[] = { hash, gid.s, purpose, n.s, expires.s };

	ptl_token_new(token);
	ptl__token_hash(hash, token);
	return ptl__db_exec(db,
		"INSERT INTO email_token (token_hash, guardian_id, purpose, created_at, expires_at)"
		" VALUES ($1, $2, $3, to_timestamp($4::bigint), to_timestamp($5::bigint))", 5, params);
}

/* Use a link token once. */
static int consume_token(ptl_db *db, const char *token, const char *purpose, int64_t *guardian_id)
{
	char hash[65];
	struct ptl__num now = ptl__num(ptl_clock_now());
	const char *params[] = { hash, purpose, now.s };
	PGresult *res;

	if (!token || strlen(token) != PTL_TOKEN_LEN)
		return stale_link();
	ptl__token_hash(hash, token);
	res = ptl__db_query(db,
		"UPDATE email_token SET used_at = to_timestamp($3::bigint)"
		" WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL"
		"   AND expires_at > to_timestamp($3::bigint)"
		" RETURNING guardian_id", 3, params);
	if (!res)
		return ptl_error_last()->code;
	int rows = PQntuples(res);
	if (rows == 1)
		*guardian_id = ptl__db_get_int64(res, 0, "guardian_id");
	PQclear(res);
	return rows == 1 ? PTL_OK : stale_link();
}

/* --- sign-up ------------------------------------------------------------- */

struct signup_values {
	char *email, *first_name, *last_name, *phone, *address, *postcode, *city;
	const char *client_addr;
	char password_hash[crypto_pwhash_STRBYTES];
};

static void signup_values_clear(struct signup_values *v)
{
	free(v->email);
	free(v->first_name);
	free(v->last_name);
	free(v->phone);
	free(v->address);
	free(v->postcode);
	free(v->city);
}

static int queue_already_registered(ptl_db *db, const char *email)
{
	char body[1024];

	snprintf(body, sizeof(body),
		"Bonjour,\n\nUne inscription au Portail Famille vient d’être demandée avec cette adresse,"
		" qui a déjà un compte.\nSi vous avez oublié votre mot de passe, demandez-en un nouveau :\n"
		"%s/mot-de-passe-oublie.html\n\nSi vous n’êtes pas à l’origine de cette demande,"
		" ignorez ce message.\n\nLe Portail Famille\n", ptl__public_url());
	return ptl__mail_queue(db, email, "Vous avez déjà un compte sur le Portail Famille", body);
}

static int create_pending_family(ptl_db *db, void *ctx)
{
	struct signup_values *v = ctx;
	struct ptl__num now = ptl__num(ptl_clock_now());
	const char *params[] = { v->first_name, v->last_name, v->email, v->phone, v->address,
	                         v->postcode, v->city, now.s, v->password_hash };
	char token[PTL_TOKEN_LEN + 1], body[1024], until[PTL_INSTANT_FR_SIZE];
	PGresult *res;
	int rc;

	if ((rc = ptl__rate_take(db, "signup", v->client_addr, PTL_SIGNUPS_PER_ADDRESS_HOUR, 3600)))
		return rc;
	res = ptl__db_query(db, "SELECT 1 FROM guardian WHERE email = $1", 1, params + 2);
	if (!res)
		return ptl_error_last()->code;
	bool exists = PQntuples(res) > 0;
	PQclear(res);
	if (exists)
		return queue_already_registered(db, v->email);

	res = ptl__db_query(db,
		"WITH f AS ("
		"  INSERT INTO family (name, created_at, updated_at)"
		"  VALUES ($2, to_timestamp($8::bigint), to_timestamp($8::bigint)) RETURNING id),"
		" g AS ("
		"  INSERT INTO guardian (family_id, first_name, last_name, email, phone, address,"
		"                        postcode, city, created_at, updated_at)"
		"  SELECT f.id, $1, $2, $3, $4, $5, $6, $7,"
		"         to_timestamp($8::bigint), to_timestamp($8::bigint) FROM f RETURNING id)"
		" INSERT INTO account (guardian_id, password_hash, active, created_at, updated_at)"
		" SELECT g.id, $9, false, to_timestamp($8::bigint), to_timestamp($8::bigint) FROM g"
		" RETURNING guardian_id", 9, params);
	if (!res)
		return ptl_error_last()->code;
	int64_t guardian_id = ptl__db_get_int64(res, 0, "guardian_id");
	PQclear(res);

	if ((rc = issue_token(db, guardian_id, "confirm_email", PTL_CONFIRM_TOKEN_SECONDS, token)))
		return rc;
	ptl_instant_format_fr(until, ptl_clock_now() + PTL_CONFIRM_TOKEN_SECONDS);
	snprintf(body, sizeof(body),
		"Bonjour %s,\n\nPour confirmer votre adresse e-mail et transmettre votre inscription"
		" au service, ouvrez ce lien (valable 7 jours, jusqu’au %s) :\n"
		"%s/confirmer.html?jeton=%s\n\n"
		"Votre compte sera actif dès que le service l’aura validé.\n\nLe Portail Famille\n",
		v->first_name, until, ptl__public_url(), token);
	return ptl__mail_queue(db, v->email, "Confirmez votre inscription au Portail Famille", body);
}

int ptl_signup_create(ptl_db *db, const ptl_signup_options *in)
{
	struct signup_values v = { 0 };
	int rc;

	if ((rc = ptl__options_check(in ? &in->version : NULL, PTL_SIGNUP_OPTIONS_VERSION,
	                             "ptl_signup_options")))
		return rc;
	if ((rc = ptl__check(&v.email, "guardian", "email", in->email)) ||
	    (rc = ptl__check_password("password", in->password)) ||
	    (rc = ptl__check(&v.first_name, "guardian", "first_name", in->first_name)) ||
	    (rc = ptl__check(&v.last_name, "guardian", "last_name", in->last_name)) ||
	    (rc = ptl__check(&v.phone, "guardian", "phone", in->phone)) ||
	    (rc = ptl__check(&v.address, "guardian", "address", in->address)) ||
	    (rc = ptl__check(&v.postcode, "guardian", "postcode", in->postcode)) ||
	    (rc = ptl__check(&v.city, "guardian", "city", in->city)) ||
	    (rc = ptl__password_hash(v.password_hash, in->password)))
		goto done;
	v.client_addr = in->client_addr;
	rc = ptl__db_transaction(db, create_pending_family, &v);
	/* Signed up by someone else at the same instant: answer as if known. */
	if (rc == PTL_EEXISTS)
		rc = PTL_OK;
done:
	signup_values_clear(&v);
	return rc;
}

static int confirm(ptl_db *db, void *ctx)
{
	const char *token = ctx;
	struct ptl__num now = ptl__num(ptl_clock_now());
	int64_t guardian_id;
	PGresult *res;
	int rc;

	if ((rc = consume_token(db, token, "confirm_email", &guardian_id)))
		return rc;
	struct ptl__num gid = ptl__num(guardian_id);
	const char *params[] = { gid.s, now.s };
	res = ptl__db_query(db,
		"UPDATE account a SET email_confirmed_at = to_timestamp($2::bigint),"
		"       updated_at = to_timestamp($2::bigint)"
		"  FROM guardian g WHERE g.id = a.guardian_id AND a.guardian_id = $1"
		" RETURNING g.family_id,"
		"   'Première inscription de la famille ' || g.last_name AS summary,"
		"   jsonb_build_object('first_name', g.first_name, 'last_name', g.last_name,"
		"     'email', g.email, 'phone', g.phone, 'address', g.address,"
		"     'postcode', g.postcode, 'city', g.city)::text AS after,"
		"   EXISTS (SELECT 1 FROM request r WHERE r.guardian_id = $1 AND r.kind = 'signup')"
		"     AS requested", 2, params);
	if (!res)
		return ptl_error_last()->code;
	if (PQntuples(res) != 1 || ptl__db_get_bool(res, 0, "requested")) {
		PQclear(res);
		return PTL_OK;
	}
	struct ptl__request_new r = {
		.family_id = ptl__db_get_int64(res, 0, "family_id"),
		.guardian_id = guardian_id,
		.target_id = guardian_id,
		.kind = PTL_REQUEST_SIGNUP,
		.summary = ptl__db_get(res, 0, "summary"),
		.before_json = "{}",
		.after_json = ptl__db_get(res, 0, "after"),
	};
	rc = ptl__request_submit(db, &r, NULL, NULL);
	PQclear(res);
	return rc;
}

int ptl_signup_confirm(ptl_db *db, const char *token)
{
	return ptl__db_transaction(db, confirm, (void *)token);
}

static const char *const signup_fields[] = {
	"first_name", "last_name", "email", "phone", "address", "postcode", "city", NULL,
};

/* Activates the account of the guardian who signed up. */
static int apply_signup(ptl_db *db, int64_t request_id, const char *now)
{
	return ptl__request_apply_sql(db, request_id, now,
		"UPDATE account a SET active = true, updated_at = to_timestamp($2::bigint)"
		"  FROM request r WHERE r.id = $1 AND a.guardian_id = r.guardian_id"
		" RETURNING a.guardian_id", NULL);
}

const struct ptl__request_kind_def ptl__signup_request_kind = {
	.kind = PTL_REQUEST_SIGNUP, .name = "signup", .label = "Première inscription",
	.waits_by_default = true, .target = "guardian", .fields = signup_fields,
	.apply = apply_signup,
};

/* --- forgotten password ----------------------------------------------------- */

struct forgot_request {
	const char *email;
	const char *client_addr;
};

static int forgot(ptl_db *db, void *ctx)
{
	struct forgot_request *f = ctx;
	const char *email = f->email;
	struct ptl__num now = ptl__num(ptl_clock_now());
	const char *params[] = { email, now.s };
	char token[PTL_TOKEN_LEN + 1], body[1024];
	PGresult *res;
	int rc;

	if ((rc = ptl__rate_take(db, "password_forgot", f->client_addr,
	                         PTL_RESETS_PER_ADDRESS_HOUR, 3600)))
		return rc;
	res = ptl__db_query(db,
		"SELECT g.id, g.first_name,"
		"       (SELECT count(*) FROM email_token t WHERE t.guardian_id = g.id"
		"          AND t.purpose = 'reset_password'"
		"          AND t.created_at > to_timestamp($2::bigint - 3600)) AS recent"
		"  FROM guardian g JOIN account a ON a.guardian_id = g.id WHERE g.email = $1",
		2, params);
	if (!res)
		return ptl_error_last()->code;
	if (PQntuples(res) != 1 || ptl__db_get_int64(res, 0, "recent") >= RESET_LINKS_PER_HOUR) {
		PQclear(res);
		return PTL_OK;   /* unknown, or enough links already: say nothing */
	}
	int64_t guardian_id = ptl__db_get_int64(res, 0, "id");
	char *first_name = ptl__db_dup(res, 0, "first_name");
	PQclear(res);
	if (!first_name)
		return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	rc = issue_token(db, guardian_id, "reset_password", PTL_RESET_TOKEN_SECONDS, token);
	if (rc == PTL_OK) {
		char until[PTL_INSTANT_FR_SIZE];

		ptl_instant_format_fr(until, ptl_clock_now() + PTL_RESET_TOKEN_SECONDS);
		snprintf(body, sizeof(body),
			"Bonjour %s,\n\nPour choisir un nouveau mot de passe, ouvrez ce lien (valable une"
			" heure, jusqu’au %s, utilisable une seule fois) :\n"
			"%s/reinitialiser.html?jeton=%s\n\n"
			"Si vous n’avez rien demandé, ignorez ce message : votre mot de passe ne change"
			" pas.\n\nLe Portail Famille\n", first_name, until, ptl__public_url(), token);
		rc = ptl__mail_queue(db, email, "Nouveau mot de passe pour le Portail Famille", body);
	}
	free(first_name);
	return rc;
}

int ptl_password_forgot(ptl_db *db, const char *email_in, const char *client_addr)
{
	char *email = NULL;
	int rc;

	if ((rc = ptl__check(&email, "guardian", "email", email_in)) == PTL_OK) {
		struct forgot_request f = { email, client_addr };
		rc = ptl__db_transaction(db, forgot, &f);
	}
	free(email);
	return rc;
}

struct reset {
	const char *token;
	const char *hash;
};

static int reset(ptl_db *db, void *ctx)
{
	struct reset *r = ctx;
	struct ptl__num now = ptl__num(ptl_clock_now());
	int64_t guardian_id;
	int rc;

	if ((rc = consume_token(db, r->token, "reset_password", &guardian_id)))
		return rc;
	struct ptl__num gid = ptl__num(guardian_id);
	const char *params[] = { gid.s, r->hash, now.s };
	if ((rc = ptl__db_exec(db,
		"UPDATE account SET password_hash = $2, one_time_code_hash = NULL,"
		"       one_time_code_expires_at = NULL, updated_at = to_timestamp($3::bigint)"
		" WHERE guardian_id = $1", 3, params)))
		return rc;
	if ((rc = ptl__sessions_end_all(db, guardian_id, NULL)))
		return rc;
	/* The parent proved they hold the mailbox: the account's throttle ends. */
	return ptl__login_throttle_clear(db, guardian_id);
}

int ptl_password_reset(ptl_db *db, const char *token, const char *new_password)
{
	char hash[crypto_pwhash_STRBYTES];
	struct reset r = { token, hash };
	int rc;

	if ((rc = ptl__check_password("new_password", new_password)) ||
	    (rc = ptl__password_hash(hash, new_password)))
		return rc;
	return ptl__db_transaction(db, reset, &r);
}
