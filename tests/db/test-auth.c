/*
 * test-auth.c — login, one-time codes, passwords, sessions and throttling
 * against the real database.
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"

#define GOOD_PASSWORD "correct horse battery"

/* A family with a chosen password; returns its email (static storage). */
static const char *family_with_password(const char *email)
{
	char *code = test_family_new(email, NULL);

	free(code);
	ck_assert_status(ptl_account_set_password(test_db, email, GOOD_PASSWORD), PTL_OK);
	return email;
}

static char *login(const char *email, const char *password, const char *addr, int expected)
{
	char *token = NULL;
	ptl_session s;

	ck_assert_status(ptl_auth_login(test_db, email, password, addr, &token, &s), expected);
	return token;
}

START_TEST(test_auth_password_is_argon2id_with_required_cost)
{
	family_with_password("hash@example.org");
	/* m = 19456 KiB (19 MiB), t = 2: the stored string carries the parameters. */
	ck_assert_int_eq(test_scalar(
		"SELECT count(*) FROM account a JOIN guardian g ON g.id = a.guardian_id"
		" WHERE g.email = 'hash@example.org'"
		"   AND a.password_hash LIKE '$argon2id$v=19$m=19456,t=2,p=1$%'"), 1);
}
END_TEST

START_TEST(test_auth_one_time_code_forces_password_change)
{
	char *code = test_family_new("premiere@example.org", NULL);
	char *token = NULL, *other = NULL, lower[15];
	ptl_session s;

	/* The code, typed in lower case, opens a restricted session. */
	for (int i = 0; code[i]; i++)
		lower[i] = (char)(code[i] >= 'A' && code[i] <= 'Z' ? code[i] + 32 : code[i]);
	lower[14] = '\0';
	ck_assert_status(ptl_auth_login(test_db, "premiere@example.org", lower, "192.0.2.1", &token, &s), PTL_OK);
	ck_assert(s.must_change_password);
	ck_assert_uint_eq(strlen(s.csrf_token), PTL_TOKEN_LEN);
	other = login("premiere@example.org", code, "192.0.2.1", PTL_OK);

	/* Policy applies; no current password needed after a code. */
	ck_assert_status(ptl_auth_change_password(test_db, token, NULL, "court"), PTL_EINVALID);
	ck_assert_str_eq(ptl_error_last()->field, "new_password");
	ck_assert_status(ptl_auth_change_password(test_db, token, NULL, "un mot de passe sûr"), PTL_OK);

	ck_assert_status(ptl_session_get(test_db, token, &s), PTL_OK);
	ck_assert(!s.must_change_password);
	ck_assert_status(ptl_session_get(test_db, other, &s), PTL_EAUTH);   /* other sessions end */
	free(login("premiere@example.org", code, "192.0.2.1", PTL_EAUTH));   /* code used up */
	free(login("premiere@example.org", "un mot de passe sûr", "192.0.2.1", PTL_OK));
	free(token);
	free(other);
	free(code);
}
END_TEST

START_TEST(test_auth_expired_code_is_refused)
{
	char *code = test_family_new("expire@example.org", NULL);

	ptl_clock_set(ptl_clock_now() + PTL_ONE_TIME_CODE_DAYS * 86400 + 1);
	free(login("expire@example.org", code, "192.0.2.2", PTL_EAUTH));
	free(code);
}
END_TEST

START_TEST(test_auth_unknown_email_and_wrong_password_look_alike)
{
	char fr_unknown[256];

	family_with_password("alike@example.org");
	free(login("nobody@example.org", GOOD_PASSWORD, "192.0.2.3", PTL_EAUTH));
	snprintf(fr_unknown, sizeof(fr_unknown), "%s", ptl_error_last()->message_fr);
	free(login("alike@example.org", "wrong password!", "192.0.2.3", PTL_EAUTH));
	ck_assert_str_eq(ptl_error_last()->message_fr, fr_unknown);
	free(login(" ALIKE@example.org ", GOOD_PASSWORD, "192.0.2.3", PTL_OK));
}
END_TEST

START_TEST(test_auth_session_token_is_stored_hashed)
{
	char *token;
	char sql[256];

	family_with_password("hashed-token@example.org");
	token = login("hashed-token@example.org", GOOD_PASSWORD, "192.0.2.4", PTL_OK);
	ck_assert_uint_eq(strlen(token), PTL_TOKEN_LEN);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM session WHERE token_hash = '%s'"
	         " OR csrf_token = '%s'", token, token);
	ck_assert_int_eq(test_scalar(sql), 0);
	free(token);
}
END_TEST

START_TEST(test_auth_session_idle_and_absolute_expiry)
{
	ptl_time start = ptl_clock_now();
	ptl_session s;
	char *token;

	family_with_password("expiry@example.org");
	token = login("expiry@example.org", GOOD_PASSWORD, "192.0.2.5", PTL_OK);

	/* Used every 20 minutes, it lives until 12 hours after login. */
	for (ptl_time t = start + 20 * 60; t < start + PTL_SESSION_ABSOLUTE_SECONDS; t += 20 * 60) {
		ptl_clock_set(t);
		ck_assert_status(ptl_session_get(test_db, token, &s), PTL_OK);
	}
	ptl_clock_set(start + PTL_SESSION_ABSOLUTE_SECONDS);
	ck_assert_status(ptl_session_get(test_db, token, &s), PTL_EAUTH);
	free(token);

	/* Unused for 30 minutes, it is over. */
	ptl_clock_set(start);
	token = login("expiry@example.org", GOOD_PASSWORD, "192.0.2.5", PTL_OK);
	ptl_clock_set(start + PTL_SESSION_IDLE_SECONDS - 1);
	ck_assert_status(ptl_session_get(test_db, token, &s), PTL_OK);
	ptl_clock_set(start + 2 * PTL_SESSION_IDLE_SECONDS - 2);
	ck_assert_status(ptl_session_get(test_db, token, &s), PTL_OK);
	ptl_clock_set(start + 3 * PTL_SESSION_IDLE_SECONDS);
	ck_assert_status(ptl_session_get(test_db, token, &s), PTL_EAUTH);
	free(token);
}
END_TEST

START_TEST(test_auth_logout_ends_session)
{
	ptl_session s;
	char *token;

	family_with_password("logout@example.org");
	token = login("logout@example.org", GOOD_PASSWORD, "192.0.2.6", PTL_OK);
	ck_assert_status(ptl_session_end(test_db, token), PTL_OK);
	ck_assert_status(ptl_session_get(test_db, token, &s), PTL_EAUTH);
	ck_assert_status(ptl_session_get(test_db, "short", &s), PTL_EAUTH);
	ck_assert_status(ptl_session_end(test_db, "unknown"), PTL_OK);
	free(token);
}
END_TEST

START_TEST(test_auth_change_password_needs_current)
{
	char *token, *other;

	family_with_password("change@example.org");
	token = login("change@example.org", GOOD_PASSWORD, "192.0.2.7", PTL_OK);
	other = login("change@example.org", GOOD_PASSWORD, "192.0.2.7", PTL_OK);
	ck_assert_status(ptl_auth_change_password(test_db, token, "not it at all", "nouveau mot de passe"),
	                 PTL_EAUTH);
	ck_assert_str_eq(ptl_error_last()->field, "current_password");
	ck_assert_status(ptl_auth_change_password(test_db, token, NULL, "nouveau mot de passe"),
	                 PTL_EAUTH);
	ck_assert_status(ptl_auth_change_password(test_db, token, GOOD_PASSWORD, "nouveau mot de passe"),
	                 PTL_OK);
	ptl_session s;
	ck_assert_status(ptl_session_get(test_db, other, &s), PTL_EAUTH);
	ck_assert_status(ptl_session_get(test_db, token, &s), PTL_OK);
	free(login("change@example.org", GOOD_PASSWORD, "192.0.2.7", PTL_EAUTH));
	free(login("change@example.org", "nouveau mot de passe", "192.0.2.7", PTL_OK));
	free(token);
	free(other);
}
END_TEST

START_TEST(test_auth_manager_reset_and_email_change)
{
	char *token, *code = NULL;
	ptl_session s;

	family_with_password("reset@example.org");
	token = login("reset@example.org", GOOD_PASSWORD, "192.0.2.8", PTL_OK);
	ck_assert_status(ptl_account_reset_password(test_db, "reset@example.org", &code), PTL_OK);
	ck_assert_status(ptl_session_get(test_db, token, &s), PTL_EAUTH);
	free(login("reset@example.org", GOOD_PASSWORD, "192.0.2.8", PTL_EAUTH));
	free(token);
	token = login("reset@example.org", code, "192.0.2.8", PTL_OK);
	free(token);
	free(code);
	ck_assert_status(ptl_account_reset_password(test_db, "absent@example.org", &code), PTL_ENOTFOUND);

	family_with_password("taken@example.org");
	ck_assert_status(ptl_account_set_email(test_db, "reset@example.org", "taken@example.org"), PTL_EEXISTS);
	ck_assert_status(ptl_account_set_email(test_db, "reset@example.org", "bad address"), PTL_EINVALID);
	ck_assert_status(ptl_account_set_email(test_db, "absent@example.org", "new@example.org"), PTL_ENOTFOUND);
	ck_assert_status(ptl_account_set_email(test_db, "reset@example.org", "Renamed@Example.org"), PTL_OK);
	ck_assert_status(ptl_account_set_password(test_db, "renamed@example.org", GOOD_PASSWORD), PTL_OK);
	free(login("renamed@example.org", GOOD_PASSWORD, "192.0.2.8", PTL_OK));
	free(login("reset@example.org", GOOD_PASSWORD, "192.0.2.8", PTL_EAUTH));
}
END_TEST

START_TEST(test_auth_throttle_per_email)
{
	ptl_time start = ptl_clock_now();

	family_with_password("throttle@example.org");
	for (int i = 0; i < 5; i++)
		free(login("throttle@example.org", "wrong password!", "192.0.2.9", PTL_EAUTH));
	/* The sixth failure is evaluated; then the account must wait 2 s. */
	free(login("throttle@example.org", "wrong password!", "192.0.2.9", PTL_EAUTH));
	free(login("throttle@example.org", GOOD_PASSWORD, "192.0.2.10", PTL_ETHROTTLED));
	ck_assert_int_eq(ptl_error_last()->retry_after, 2);
	ptl_clock_set(start + 2);
	free(login("throttle@example.org", GOOD_PASSWORD, "192.0.2.10", PTL_OK));
	/* A success clears the consecutive failures. */
	free(login("throttle@example.org", "wrong password!", "192.0.2.10", PTL_EAUTH));
	free(login("throttle@example.org", GOOD_PASSWORD, "192.0.2.10", PTL_OK));
	/* Unknown emails are throttled the same way. */
	for (int i = 0; i < 6; i++)
		free(login("ghost@example.org", "wrong password!", "192.0.2.11", PTL_EAUTH));
	free(login("ghost@example.org", "wrong password!", "192.0.2.11", PTL_ETHROTTLED));
}
END_TEST

START_TEST(test_auth_at_most_25_attempts_per_email_per_day)
{
	ptl_time t = ptl_clock_now();

	family_with_password("cap@example.org");
	/* Failures spaced past each delay, from different addresses. */
	for (int i = 0; i < 25; i++) {
		char addr[32];
		snprintf(addr, sizeof(addr), "198.51.100.%d", i);
		ptl_clock_set(t);
		free(login("cap@example.org", "wrong password!", addr, PTL_EAUTH));
		t += PTL_SESSION_IDLE_SECONDS;   /* 30 min: past the longest delay */
	}
	ptl_clock_set(t);
	free(login("cap@example.org", GOOD_PASSWORD, "203.0.113.1", PTL_ETHROTTLED));
	ck_assert_int_gt(ptl_error_last()->retry_after, 0);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM login_attempt WHERE email = 'cap@example.org'"), 25);
}
END_TEST

START_TEST(test_auth_throttle_per_address)
{
	char email[64];

	for (int i = 0; i < 6; i++) {
		snprintf(email, sizeof(email), "spray%d@example.org", i);
		free(login(email, "wrong password!", "192.0.2.200", PTL_EAUTH));
	}
	free(login("spray-next@example.org", "wrong password!", "192.0.2.200", PTL_ETHROTTLED));
	free(login("spray-next@example.org", "wrong password!", "192.0.2.201", PTL_EAUTH));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("auth");
	TCase *tc = tcase_create("auth");

	tcase_add_checked_fixture(tc, test_db_setup, test_db_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_auth_password_is_argon2id_with_required_cost);
	tcase_add_test(tc, test_auth_one_time_code_forces_password_change);
	tcase_add_test(tc, test_auth_expired_code_is_refused);
	tcase_add_test(tc, test_auth_unknown_email_and_wrong_password_look_alike);
	tcase_add_test(tc, test_auth_session_token_is_stored_hashed);
	tcase_add_test(tc, test_auth_session_idle_and_absolute_expiry);
	tcase_add_test(tc, test_auth_logout_ends_session);
	tcase_add_test(tc, test_auth_change_password_needs_current);
	tcase_add_test(tc, test_auth_manager_reset_and_email_change);
	tcase_add_test(tc, test_auth_throttle_per_email);
	tcase_add_test(tc, test_auth_at_most_25_attempts_per_email_per_day);
	tcase_add_test(tc, test_auth_throttle_per_address);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
