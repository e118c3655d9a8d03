/*
 * field.c — the one table of the fields people type (see portail/field.h):
 * each field's rules and French words, the French messages given when a
 * value is refused, and the patterns of the formats.
 *
 * The database repeats the limits as CHECK constraints (sql/); the suite
 * tests/db/test-fields.c reads them from the catalogue and checks that they
 * agree with this table.
 */
#include <stdio.h>
#include <string.h>

#include <portail/auth.h>
#include <portail/field.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const ptl_field_value sexes[] = {
	{ "F", "Fille" },
	{ "M", "Garçon" },
};

/* The French school levels, from the petite section of the école maternelle
 * to the terminale of the lycée. */
static const ptl_field_value school_levels[] = {
	{ "PS", "Petite section (PS)" },
	{ "MS", "Moyenne section (MS)" },
	{ "GS", "Grande section (GS)" },
	{ "CP", "Cours préparatoire (CP)" },
	{ "CE1", "Cours élémentaire 1re année (CE1)" },
	{ "CE2", "Cours élémentaire 2e année (CE2)" },
	{ "CM1", "Cours moyen 1re année (CM1)" },
	{ "CM2", "Cours moyen 2e année (CM2)" },
	{ "6e", "Sixième (6e)" },
	{ "5e", "Cinquième (5e)" },
	{ "4e", "Quatrième (4e)" },
	{ "3e", "Troisième (3e)" },
	{ "2de", "Seconde (2de)" },
	{ "1re", "Première (1re)" },
	{ "Tle", "Terminale (Tle)" },
};

/* How a guardian is related to the children (the responsables légaux of
 * the service's forms). */
static const ptl_field_value relationships[] = {
	{ "mere", "Mère" },
	{ "pere", "Père" },
	{ "tuteur", "Tuteur" },
	{ "tutrice", "Tutrice" },
	{ "autre", "Autre" },
};

#define TEXT(obj, name, label, subject, required, max) \
	{ obj, name, label, subject, required, max, PTL_FIELD_TEXT, 0, NULL }
#define FORMAT(obj, name, label, subject, required, max, format) \
	{ obj, name, label, subject, required, max, format, 0, NULL }
#define CHOICE(obj, name, label, subject, values) \
	{ obj, name, label, subject, false, 0, PTL_FIELD_CHOICE, COUNT(values), values }

static const ptl_field fields[] = {
	TEXT("family", "name", "Nom de la famille", "Le nom de la famille", true, 100),

	TEXT("guardian", "first_name", "Prénom", "Le prénom", true, 100),
	TEXT("guardian", "last_name", "Nom", "Le nom", true, 100),
	CHOICE("guardian", "relationship", "Lien avec les enfants", "Le lien avec les enfants",
	       relationships),
	FORMAT("guardian", "email", "Adresse e-mail", "L’adresse e-mail", true, 254,
	       PTL_FIELD_EMAIL),
	FORMAT("guardian", "phone", "Téléphone", "Le numéro de téléphone", false, 0,
	       PTL_FIELD_PHONE_FR),
	FORMAT("guardian", "mobile_phone", "Téléphone portable", "Le téléphone portable", false, 0,
	       PTL_FIELD_PHONE_FR),
	FORMAT("guardian", "work_phone", "Téléphone professionnel", "Le téléphone professionnel",
	       false, 0, PTL_FIELD_PHONE_FR),
	TEXT("guardian", "address", "Adresse", "L’adresse", false, 200),
	FORMAT("guardian", "postcode", "Code postal", "Le code postal", false, 0,
	       PTL_FIELD_POSTCODE_FR),
	TEXT("guardian", "city", "Commune", "La commune", false, 100),
	TEXT("guardian", "employer", "Employeur", "L’employeur", false, 100),
	FORMAT("guardian", "notify_by_email", "Notifications par e-mail",
	       "Le choix des notifications par e-mail", false, 0, PTL_FIELD_BOOLEAN),
	FORMAT("guardian", "notify_by_sms", "Notifications par SMS",
	       "Le choix des notifications par SMS", false, 0, PTL_FIELD_BOOLEAN),

	TEXT("child", "first_name", "Prénom", "Le prénom", true, 100),
	TEXT("child", "last_name", "Nom", "Le nom", true, 100),
	FORMAT("child", "birth_date", "Date de naissance", "La date de naissance", true, 0,
	       PTL_FIELD_DATE),
	CHOICE("child", "sex", "Sexe", "Le sexe", sexes),
	TEXT("child", "school", "École", "Le nom de l’école", false, 100),
	CHOICE("child", "school_level", "Niveau scolaire", "Le niveau scolaire", school_levels),
	TEXT("child", "allergies", "Allergies et PAI", "Le champ allergies et PAI", false, 500),
	TEXT("child", "diet", "Régime alimentaire", "Le régime alimentaire", false, 200),
	TEXT("child", "doctor", "Médecin traitant", "Le champ médecin traitant", false, 200),
	TEXT("child", "authorized_pickup", "Personnes autorisées à venir chercher l’enfant",
	     "La liste des personnes autorisées", false, 500),

	/* The structure that runs the portal (portail/structure.h), in the
	 * order of ptl_structure_field. */
	TEXT("structure", "name", "Nom de la structure", "Le nom de la structure", false, 200),
	TEXT("structure", "address", "Adresse", "L’adresse", false, 300),
	FORMAT("structure", "postcode", "Code postal", "Le code postal", false, 0,
	       PTL_FIELD_POSTCODE_FR),
	TEXT("structure", "city", "Commune", "La commune", false, 100),
	FORMAT("structure", "phone", "Téléphone", "Le numéro de téléphone", false, 0,
	       PTL_FIELD_PHONE_FR),
	FORMAT("structure", "email", "Adresse e-mail", "L’adresse e-mail", false, 254,
	       PTL_FIELD_EMAIL),
	TEXT("structure", "opening_hours", "Horaires d’ouverture", "Le texte des horaires", false, 500),
	TEXT("structure", "publication_director", "Directeur ou directrice de la publication",
	     "Le nom du directeur de la publication", false, 200),
	TEXT("structure", "host", "Hébergeur", "Le texte de l’hébergeur", false, 300),
};

size_t ptl_field_count(void)
{
	return COUNT(fields);
}

const ptl_field *ptl_field_at(size_t index)
{
	return index < COUNT(fields) ? &fields[index] : NULL;
}

const ptl_field *ptl_field_find(const char *object, const char *name)
{
	if (!object || !name)
		return NULL;
	for (size_t i = 0; i < COUNT(fields); i++)
		if (strcmp(fields[i].object, object) == 0 && strcmp(fields[i].name, name) == 0)
			return &fields[i];
	return NULL;
}

/* Separators allowed in a phone number: a space, a dot or a hyphen. */
#define SEP "( |\\.|-)*"

static const struct {
	const char *name;
	const char *pattern;
	const char *bad_format_fr;   /* after the subject */
} formats[] = {
	[PTL_FIELD_TEXT] = { "text", "", NULL },
	[PTL_FIELD_EMAIL] = { "email", "",
		"n’est pas valide (exemple : prenom.nom@exemple.fr)" },
	/* Ten digits starting with 0 and not 00, or +33 (with an optional
	 * "(0)") and nine digits; separators anywhere between the digits. */
	[PTL_FIELD_PHONE_FR] = { "phone_fr",
		SEP "0" SEP "[1-9](" SEP "[0-9]){8}" SEP
		"|\\+33" SEP "(\\(0\\))?" SEP "[1-9](" SEP "[0-9]){8}" SEP,
		"doit comporter 10 chiffres (exemple : 06 12 34 56 78)" },
	/* Departments 01 to 95 and the overseas 97, 98 (Corsica is 20). */
	[PTL_FIELD_POSTCODE_FR] = { "postcode_fr", "(0[1-9]|[1-8][0-9]|9[0-578])[0-9]{3}",
		"doit comporter 5 chiffres (exemple : 45000)" },
	[PTL_FIELD_DATE] = { "date", "[0-9]{4}-[0-9]{2}-[0-9]{2}",
		"n’est pas une date valide" },
	[PTL_FIELD_CHOICE] = { "choice", "", NULL },
	[PTL_FIELD_BOOLEAN] = { "boolean", "", "doit être oui ou non" },
};

const char *ptl_field_format_name(ptl_field_format format)
{
	return (unsigned)format < COUNT(formats) ? formats[format].name : "";
}

const char *ptl_field_format_pattern(ptl_field_format format)
{
	return (unsigned)format < COUNT(formats) ? formats[format].pattern : "";
}

size_t ptl_field_message_fr(char *buf, size_t size, const ptl_field *f,
                            ptl_field_problem problem)
{
	int n;

	if (!f)
		return 0;
	switch (problem) {
	case PTL_FIELD_MISSING:
		n = snprintf(buf, size, "%s est obligatoire.", f->subject_fr);
		break;
	case PTL_FIELD_TOO_LONG:
		n = snprintf(buf, size, "%s ne doit pas dépasser %zu caractère%s.", f->subject_fr,
		             f->max_chars, f->max_chars > 1 ? "s" : "");
		break;
	case PTL_FIELD_NOT_TEXT:
		n = snprintf(buf, size, "%s contient des caractères non valides.", f->subject_fr);
		break;
	case PTL_FIELD_BAD_FORMAT:
	default:
		if (f->format == PTL_FIELD_CHOICE)
			n = snprintf(buf, size, "Choisissez une valeur de la liste pour «\u00a0%s\u00a0».",
			             f->label_fr);
		else if ((unsigned)f->format < COUNT(formats) && formats[f->format].bad_format_fr)
			n = snprintf(buf, size, "%s %s.", f->subject_fr,
			             formats[f->format].bad_format_fr);
		else
			n = snprintf(buf, size, "%s n’est pas valide.", f->subject_fr);
		break;
	}
	return n < 0 ? 0 : (size_t)n;
}
