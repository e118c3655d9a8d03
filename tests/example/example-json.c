/*
 * example-json.c — a program built against the installed libportail-json:
 * prints a child as the web API shows it to a parent, in compact JSON.
 */
#include <stdio.h>
#include <stdlib.h>

#include <portail-json/portail-json.h>

int main(void)
{
	ptl_child child = { .id = 1, .first_name = "Léa", .last_name = "Martin" };
	json_t *j;
	char *text;

	if (ptl_day_parse(&child.birth_date, "2018-05-04") != PTL_OK)
		return 1;
	j = ptl_json_child(&child, PTL_JSON_DEFAULT);
	text = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(j);
	if (!text)
		return 1;
	puts(text);
	free(text);
	return 0;
}
