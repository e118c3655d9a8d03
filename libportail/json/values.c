/*
 * values.c — the JSON form of the library's plain values (text, days,
 * instants, JSON text), shared by every representation in objects.c and
 * exported for the front-ends' own small answers. Each returns a new
 * reference, or NULL when out of memory.
 */
#include <portail-json/portail-json.h>

json_t *ptl_json_text(const char *text)
{
	return json_string(text ? text : "");
}

json_t *ptl_json_day(ptl_day day)
{
	char buf[11];

	ptl_day_format(buf, day);
	return json_string(buf);
}

json_t *ptl_json_time(ptl_time t)
{
	char buf[21];

	if (t == 0)
		return json_null();
	ptl_time_format(buf, t);
	return json_string(buf);
}

json_t *ptl_json_parse(const char *text)
{
	json_t *value = json_loads(text ? text : "", JSON_DECODE_ANY, NULL);

	return value ? value : ptl_json_text(text);
}
