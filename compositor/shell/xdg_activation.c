/*
 * xdg_activation_v1: a client hands focus to another window (a launcher
 * to the app it started, a link to the browser) with a token it asked for
 * in answer to the user's input. A token counts only if its serial is of
 * recent input to the client that asked and that client had the keyboard:
 * no window steals focus on its own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include "scene/scene.h"
#include "seat/seat.h"
#include "shell/shell.h"
#include "shell/xdg_shell_private.h"
#include "surface/surface.h"
#include "util/log.h"
#include "util/time.h"
#include "xdg-activation-v1-server-protocol.h"

#define ACTIVATION_VERSION 1
/* A token not used by then is forgotten. */
#define TOKEN_LIFETIME_MS 30000
#define TOKEN_LENGTH 48
/* Committed tokens kept per session at most: the oldest go first. */
#define MAX_TOKENS 256

struct tack_xdg_activation {
	struct wl_global *global;
	struct tack_shell *shell;
	struct wl_list tokens;		/* activation_token.link, newest first */
	int n_tokens;
	uint32_t next_token;
};

struct activation_token {
	struct wl_resource *resource;	/* NULL once the client dropped it */
	struct tack_xdg_activation *activation;
	struct wl_list link;		/* tack_xdg_activation.tokens */
	struct wl_client *client;
	uint32_t serial;
	bool has_serial, committed, trusted;
	uint32_t issued_ms;
	char name[TOKEN_LENGTH];
};

static void token_free(struct activation_token *token)
{
	if (token->committed) {
		wl_list_remove(&token->link);
		token->activation->n_tokens--;
	}
	if (token->resource)
		wl_resource_set_user_data(token->resource, NULL);
	free(token);
}

static bool check_not_committed(struct wl_resource *resource,
				struct activation_token *token)
{
	if (!token || !token->committed)
		return token != NULL;
	wl_resource_post_error(resource, XDG_ACTIVATION_TOKEN_V1_ERROR_ALREADY_USED,
			       "the token was committed already");
	return false;
}

static void handle_set_serial(struct wl_client *client,
			      struct wl_resource *resource, uint32_t serial,
			      struct wl_resource *seat)
{
	struct activation_token *token = wl_resource_get_user_data(resource);

	if (!check_not_committed(resource, token))
		return;
	token->serial = serial;
	token->has_serial = true;
}

/* tack does not start apps itself: the app_id says nothing it can use. */
static void handle_set_app_id(struct wl_client *client,
			      struct wl_resource *resource, const char *app_id)
{
	check_not_committed(resource, wl_resource_get_user_data(resource));
}

/* The client's focus is what counts, whichever of its surfaces is named. */
static void handle_set_surface(struct wl_client *client,
			       struct wl_resource *resource,
			       struct wl_resource *surface)
{
	check_not_committed(resource, wl_resource_get_user_data(resource));
}

/* The user's input, to the client that had the keyboard. */
static bool deserves_trust(struct tack_shell *shell,
			   struct activation_token *token)
{
	struct tack_surface *focus;

	if (!shell->seat || !token->has_serial)
		return false;
	focus = tack_seat_keyboard_focus(shell->seat);
	return focus && wl_resource_get_client(focus->resource) == token->client &&
	       tack_seat_validate_serial(shell->seat, token->client,
					 token->serial);
}

static void forget_old_tokens(struct tack_xdg_activation *a)
{
	struct activation_token *token, *tmp;
	uint32_t now = tack_now_msec();

	wl_list_for_each_reverse_safe(token, tmp, &a->tokens, link)
		if (now - token->issued_ms > TOKEN_LIFETIME_MS ||
		    a->n_tokens > MAX_TOKENS)
			token_free(token);
}

static void handle_commit(struct wl_client *client,
			  struct wl_resource *resource)
{
	struct activation_token *token = wl_resource_get_user_data(resource);
	struct tack_xdg_activation *a;
	uint64_t secret;

	if (!check_not_committed(resource, token))
		return;
	a = token->activation;
	token->committed = true;
	token->trusted = deserves_trust(a->shell, token);
	token->issued_ms = tack_now_msec();
	/* Not to be guessed by the session's other clients. */
	if (getrandom(&secret, sizeof(secret), 0) != sizeof(secret))
		secret = (uint64_t)tack_now_msec() << 32 ^ (uintptr_t)token;
	snprintf(token->name, sizeof(token->name), "tack-%u-%016llx",
		 ++a->next_token, (unsigned long long)secret);
	wl_list_insert(&a->tokens, &token->link);
	a->n_tokens++;
	forget_old_tokens(a);
	xdg_activation_token_v1_send_done(resource, token->name);
}

static void handle_token_destroy(struct wl_client *client,
				 struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static const struct xdg_activation_token_v1_interface token_impl = {
	.set_serial = handle_set_serial,
	.set_app_id = handle_set_app_id,
	.set_surface = handle_set_surface,
	.commit = handle_commit,
	.destroy = handle_token_destroy,
};

/* A committed token lives on for whoever it is passed to. */
static void token_resource_destroy(struct wl_resource *resource)
{
	struct activation_token *token = wl_resource_get_user_data(resource);

	if (!token)
		return;
	token->resource = NULL;
	if (!token->committed)
		token_free(token);
}

static void handle_get_activation_token(struct wl_client *client,
					struct wl_resource *resource,
					uint32_t id)
{
	struct tack_xdg_activation *a = wl_resource_get_user_data(resource);
	struct activation_token *token = calloc(1, sizeof(*token));

	if (!token)
		goto no_memory;
	token->resource = wl_resource_create(client,
		&xdg_activation_token_v1_interface,
		wl_resource_get_version(resource), id);
	if (!token->resource)
		goto free_token;
	wl_resource_set_implementation(token->resource, &token_impl, token,
				       token_resource_destroy);
	token->activation = a;
	token->client = client;
	return;

free_token:
	free(token);
no_memory:
	wl_client_post_no_memory(client);
}

static void handle_activate(struct wl_client *client,
			    struct wl_resource *resource, const char *name,
			    struct wl_resource *surface_resource)
{
	struct tack_xdg_activation *a = wl_resource_get_user_data(resource);
	struct tack_surface *surface = tack_surface_from_resource(surface_resource);
	struct activation_token *token, *found = NULL;
	struct tack_xdg_surface *xdg;

	forget_old_tokens(a);
	wl_list_for_each(token, &a->tokens, link)
		if (strcmp(token->name, name) == 0)
			found = token;
	if (!found || !found->trusted) {
		tack_dbg("xdg-activation: token '%s' %s: no focus change", name,
			 found ? "not from the user's input" : "unknown");
		if (found)
			token_free(found);
		return;
	}
	token_free(found);
	xdg = surface->role == &tack_xdg_toplevel_role ? surface->role_data :
							  NULL;
	if (!xdg || !xdg->toplevel) {
		tack_dbg("xdg-activation: the surface is no toplevel");
		return;
	}
	tack_xdg_toplevel_activate(xdg->toplevel);
}

static void handle_destroy(struct wl_client *client,
			   struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static const struct xdg_activation_v1_interface activation_impl = {
	.destroy = handle_destroy,
	.get_activation_token = handle_get_activation_token,
	.activate = handle_activate,
};

static void bind_activation(struct wl_client *client, void *data,
			    uint32_t version, uint32_t id)
{
	struct wl_resource *resource;

	resource = wl_resource_create(client, &xdg_activation_v1_interface,
				      version, id);
	if (!resource) {
		wl_client_post_no_memory(client);
		return;
	}
	wl_resource_set_implementation(resource, &activation_impl, data, NULL);
}

struct tack_xdg_activation *tack_xdg_activation_create(struct tack_shell *shell,
						       struct wl_display *display)
{
	struct tack_xdg_activation *a = calloc(1, sizeof(*a));

	if (!a)
		return NULL;
	a->shell = shell;
	wl_list_init(&a->tokens);
	a->global = wl_global_create(display, &xdg_activation_v1_interface,
				     ACTIVATION_VERSION, a, bind_activation);
	if (!a->global) {
		tack_err("xdg-activation: cannot create the global");
		free(a);
		return NULL;
	}
	return a;
}

/* After the clients; tokens they committed may still be listed. */
void tack_xdg_activation_destroy(struct tack_xdg_activation *a)
{
	struct activation_token *token, *tmp;

	if (!a)
		return;
	wl_list_for_each_safe(token, tmp, &a->tokens, link)
		token_free(token);
	wl_global_destroy(a->global);
	free(a);
}
