/*
 * coordonnees.js — Mes coordonnées (coordonnees.html): the parent's contact
 * details from GET /api/v1/me; when the service must validate contact
 * changes (a setting of the service), the change waits: the page then shows,
 * for each field it changes, the current value and the one asked (from the
 * "pending" requests of GET /api/v1/me); the form of PUT /api/v1/me/contact;
 * and the change of password (PUT /api/v1/me/password, which ends the
 * parent's other sessions).
 */
(function () {
	'use strict';

	var CHAMPS = ['phone', 'mobile_phone', 'work_phone', 'address', 'postcode', 'city', 'employer'];

	function remplir(dd, valeur) {
		Portail.vider(dd);
		if (Array.isArray(valeur))
			valeur = valeur.filter(Boolean);
		if (Array.isArray(valeur) && valeur.length) {
			valeur.forEach(function (ligne, i) {
				if (i > 0)
					dd.appendChild(document.createElement('br'));
				dd.appendChild(document.createTextNode(ligne));
			});
		} else if (valeur && !Array.isArray(valeur))
			dd.textContent = valeur;
		else
			dd.appendChild(Portail.el('span', { class: 'non-renseigne' }, 'Non renseigné'));
	}

	function notifications(g) {
		var moyens = [];
		if (g.notify_by_email)
			moyens.push('par e-mail');
		if (g.notify_by_sms)
			moyens.push('par SMS');
		return moyens.length ? 'Oui, ' + moyens.join(' et ') : 'Aucune';
	}

	/* This parent's contact changes still waiting for the service, oldest first. */
	function demandesEnAttente(moi) {
		var g = moi.guardian || {};
		return (moi.pending || []).filter(function (d) {
			return d.kind === 'contact_change' && d.status === 'pending' &&
				(d.target_id === null || d.target_id === undefined || d.target_id === g.id);
		}).sort(function (a, b) {
			if (a.created_at !== b.created_at)
				return a.created_at < b.created_at ? -1 : 1;
			return a.id - b.id;
		});
	}

	function afficherFiche(moi) {
		var g = moi.guardian || {};
		var ville = [g.postcode, g.city].filter(Boolean).join(' ');
		var valeurs = {
			last_name: g.last_name,
			first_name: g.first_name,
			email: g.email,
			phone: Portail.telephoneLisible(g.phone),
			mobile_phone: Portail.telephoneLisible(g.mobile_phone),
			work_phone: Portail.telephoneLisible(g.work_phone),
			adresse: [g.address, ville],
			employer: g.employer,
			notifications: notifications(g)
		};
		Array.prototype.forEach.call(document.querySelectorAll('[data-valeur]'), function (dd) {
			remplir(dd, valeurs[dd.getAttribute('data-valeur')]);
		});
		document.querySelector('[data-fiche]').removeAttribute('aria-busy');

		/* A change that waits: for each field it changes, the current value
		 * (still in effect) and the one asked. */
		var attente = demandesEnAttente(moi);
		var boite = document.querySelector('[data-attente]');
		var detail = Portail.vider(document.querySelector('[data-attente-detail]'));
		attente.forEach(function (d) {
			detail.appendChild(Portail.el('p', { class: 'encart__date' },
				'Demande envoyée le ', Portail.el('time', { datetime: d.created_at }, Portail.dateHeure(d.created_at)), '.'));
			var dl = Portail.comparaison(d.changes);
			detail.appendChild(dl.childNodes.length ? dl :
				Portail.el('p', null, 'Aucun changement par rapport à vos coordonnées actuelles.'));
		});
		boite.hidden = attente.length === 0;
	}

	/* The form starts from the values of the latest change still waiting (so
	 * that a new request keeps it), else from the current ones. */
	function remplirFormulaire(form, moi) {
		var attente = demandesEnAttente(moi);
		var depart = attente.length ? attente[attente.length - 1].after || {} : moi.guardian || {};
		CHAMPS.forEach(function (c) {
			var v = depart[c] || '';
			if (c === 'phone' || c === 'mobile_phone' || c === 'work_phone')
				v = Portail.telephoneLisible(v).replace(/\u00a0/g, ' ');
			form.elements[c].value = v;
		});
		form.elements.notify_by_email.checked = !!depart.notify_by_email;
		form.elements.notify_by_sms.checked = !!depart.notify_by_sms;
		form.querySelector('[data-note-attente]').hidden = attente.length === 0;
		Portail.majCompteurs(form);
	}

	function initCoordonnees(moi) {
		var section = document.querySelector('[data-section-formulaire]');
		var form = section.querySelector('form');
		var ouvrir = document.querySelector('[data-ouvrir-formulaire]');
		var annonce = document.querySelector('[data-annonce]');

		var basculer = function (ouvert) {
			if (ouvert) {
				Portail.effacerErreurs(form);
				remplirFormulaire(form, Portail.moi());
			}
			section.hidden = !ouvert;
			ouvrir.setAttribute('aria-expanded', ouvert ? 'true' : 'false');
			if (ouvert)
				section.querySelector('h2').focus();
		};
		ouvrir.addEventListener('click', function () {
			basculer(section.hidden);
		});
		section.querySelector('[data-fermer-formulaire]').addEventListener('click', function () {
			basculer(false);
			ouvrir.focus();
		});

		Portail.formulaire(form, {
			verifier: function (v) {
				return Portail.verifierChamps(form, v);
			},
			envoyer: function (v) {
				var corps = {};
				CHAMPS.forEach(function (c) {
					corps[c] = (v[c] || '').trim();
				});
				corps.notify_by_email = form.elements.notify_by_email.checked;
				corps.notify_by_sms = form.elements.notify_by_sms.checked;
				return Portail.api('/api/v1/me/contact', { method: 'PUT', body: corps })
					.then(function (r) {
						var demande = (r && r.request) || {};
						return Portail.chargerMoi().then(function (frais) {
							afficherFiche(frais);
							section.hidden = true;
							ouvrir.setAttribute('aria-expanded', 'false');
							Portail.montrerMessage(annonce, demande.status === 'pending' ?
								'Votre demande de modification est envoyée au service. Vos nouvelles coordonnées seront prises en compte après sa validation.' :
								'Vos coordonnées sont enregistrées.', 'succes');
							annonce.focus();
						});
					});
			}
		});
		afficherFiche(moi);
	}

	function initMotDePasse(moi) {
		var form = document.querySelector('[data-formulaire-mot-de-passe]');
		var identifiant = form.querySelector('[data-identifiant]');
		if (identifiant && moi.guardian)
			identifiant.value = moi.guardian.email || '';
		Portail.compteurMotDePasse(form.elements.new_password, form.querySelector('[data-compteur]'));

		Portail.formulaire(form, {
			verifier: function (v) {
				var erreurs = [];
				if (!v.current_password)
					erreurs.push({ field: 'current_password', message: 'Saisissez votre mot de passe actuel.' });
				return erreurs.concat(Portail.verifierMotDePasse(v, 'new_password', 'confirmation'));
			},
			envoyer: function (v) {
				return Portail.api('/api/v1/me/password', {
					method: 'PUT',
					body: { current_password: v.current_password, new_password: v.new_password }
				}).then(function () {
					form.reset();
					if (identifiant && moi.guardian)
						identifiant.value = moi.guardian.email || '';
					form.elements.new_password.dispatchEvent(new Event('input'));
					var annonce = document.querySelector('[data-annonce]');
					Portail.montrerMessage(annonce, 'Votre mot de passe est changé. Vos autres sessions sont fermées.', 'succes');
					annonce.focus();
				}, function (err) {
					if (err && err.field === 'current_password')
						form.elements.current_password.value = '';
					throw err;
				});
			}
		});
	}

	Portail.pret(function (moi) {
		initCoordonnees(moi);
		initMotDePasse(moi);
	});
})();
