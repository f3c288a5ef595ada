/* tack-input-probe's data device side: sources, offers, drags, selections. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "input-probe.h"

/* Read the pipe to its end; the text, NUL-terminated, or NULL. */
static char *read_all(int fd)
{
	size_t len = 0, cap = 256;
	char *buf = malloc(cap);
	ssize_t n;

	while (buf) {
		if (len + 1 >= cap) {
			char *bigger = realloc(buf, cap *= 2);

			if (!bigger) {
				free(buf);
				return NULL;
			}
			buf = bigger;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += n;
	}
	if (buf)
		buf[len] = '\0';
	return buf;
}

/* --- data source (drag source and --copy) --- */

static void handle_source_target(void *data, struct wl_data_source *source,
				 const char *mime)
{
	say("source target %s", mime ? mime : "none");
}

static void handle_source_send(void *data, struct wl_data_source *source,
			       const char *mime, int32_t fd)
{
	struct probe *p = data;
	const char *text = p->drag_text ? p->drag_text : p->copy_text;

	say("source send %s", mime);
	if (text && write(fd, text, strlen(text)) < 0)
		say("source write failed %d", errno);
	close(fd);
}

/* The source is spent: a later press may start another drag. */
static void drop_source(struct probe *p, struct wl_data_source *source)
{
	if (p->source == source)
		p->source = NULL;
	wl_data_source_destroy(source);
}

static void handle_source_cancelled(void *data, struct wl_data_source *source)
{
	say("source cancelled");
	drop_source(data, source);
}

static void handle_source_dnd_drop_performed(void *data,
					     struct wl_data_source *source)
{
	say("source dnd_drop_performed");
}

static void handle_source_dnd_finished(void *data,
				       struct wl_data_source *source)
{
	say("source dnd_finished");
	drop_source(data, source);
}

static void handle_source_action(void *data, struct wl_data_source *source,
				 uint32_t action)
{
	say("source action %u", action);
}

static const struct wl_data_source_listener source_listener = {
	.target = handle_source_target,
	.send = handle_source_send,
	.cancelled = handle_source_cancelled,
	.dnd_drop_performed = handle_source_dnd_drop_performed,
	.dnd_finished = handle_source_dnd_finished,
	.action = handle_source_action,
};

struct wl_data_source *probe_make_source(struct probe *p, uint32_t actions)
{
	struct wl_data_source *source =
		wl_data_device_manager_create_data_source(p->d.data_device_manager);

	wl_data_source_add_listener(source, &source_listener, p);
	wl_data_source_offer(source, TEXT_MIME);
	if (actions)
		wl_data_source_set_actions(source, actions);
	return source;
}

/* --- data offers --- */

static void handle_offer_offer(void *data, struct wl_data_offer *offer,
			       const char *mime)
{
	say("offer mime %s", mime);
}

static void handle_offer_source_actions(void *data, struct wl_data_offer *offer,
					uint32_t actions)
{
	say("offer source_actions %u", actions);
}

static void handle_offer_action(void *data, struct wl_data_offer *offer,
				uint32_t action)
{
	struct probe *p = data;

	p->dnd_action = action;
	say("offer action %u", action);
}

static const struct wl_data_offer_listener offer_listener = {
	.offer = handle_offer_offer,
	.source_actions = handle_offer_source_actions,
	.action = handle_offer_action,
};

static void provoke_on_dnd_offer(struct probe *p, struct wl_data_offer *offer)
{
	if (strcmp(p->provoke, "offer_invalid_action_mask") == 0)
		wl_data_offer_set_actions(offer, 0x80, 0);
	else if (strcmp(p->provoke, "offer_invalid_action") == 0)
		wl_data_offer_set_actions(offer,
			WL_DATA_DEVICE_MANAGER_DND_ACTION_COPY,
			WL_DATA_DEVICE_MANAGER_DND_ACTION_MOVE);
	else if (strcmp(p->provoke, "offer_invalid_finish") == 0)
		wl_data_offer_finish(offer);
}

static void handle_device_data_offer(void *data, struct wl_data_device *device,
				     struct wl_data_offer *offer)
{
	struct probe *p = data;

	wl_data_offer_add_listener(offer, &offer_listener, p);
}

static void handle_device_enter(void *data, struct wl_data_device *device,
				uint32_t serial, struct wl_surface *surface,
				wl_fixed_t x, wl_fixed_t y,
				struct wl_data_offer *offer)
{
	struct probe *p = data;

	say("dnd enter %.2f %.2f %s", wl_fixed_to_double(x),
	    wl_fixed_to_double(y), offer ? "offer" : "no-offer");
	p->dnd_offer = offer;
	if (!offer)
		return;
	if (p->provoke) {
		provoke_on_dnd_offer(p, offer);
		return;
	}
	if (!p->drop_target)
		return;
	wl_data_offer_accept(offer, serial, TEXT_MIME);
	wl_data_offer_set_actions(offer, WL_DATA_DEVICE_MANAGER_DND_ACTION_COPY |
				  WL_DATA_DEVICE_MANAGER_DND_ACTION_MOVE,
				  WL_DATA_DEVICE_MANAGER_DND_ACTION_MOVE);
}

static void handle_device_leave(void *data, struct wl_data_device *device)
{
	struct probe *p = data;

	say("dnd leave");
	/* After a drop the offer lives on until finish. */
	if (p->dnd_offer && p->drop_target)
		return;
	if (p->dnd_offer)
		wl_data_offer_destroy(p->dnd_offer);
	p->dnd_offer = NULL;
}

static void handle_device_motion(void *data, struct wl_data_device *device,
				 uint32_t time, wl_fixed_t x, wl_fixed_t y)
{
	say("dnd motion %.2f %.2f", wl_fixed_to_double(x),
	    wl_fixed_to_double(y));
}

static void handle_device_drop(void *data, struct wl_data_device *device)
{
	struct probe *p = data;
	int fds[2];
	char *text;

	say("dnd drop");
	if (!p->dnd_offer || !p->drop_target)
		return;
	if (pipe2(fds, O_CLOEXEC) < 0) {
		say("dnd pipe failed %d", errno);
		return;
	}
	wl_data_offer_receive(p->dnd_offer, TEXT_MIME, fds[1]);
	close(fds[1]);
	wl_display_flush(p->d.display);
	text = read_all(fds[0]);
	close(fds[0]);
	say("dnd data %s", text ? text : "(none)");
	free(text);
	wl_data_offer_finish(p->dnd_offer);
	wl_data_offer_destroy(p->dnd_offer);
	p->dnd_offer = NULL;
}

static void provoke_on_selection(struct probe *p, struct wl_data_offer *offer)
{
	if (strcmp(p->provoke, "selection_invalid_finish") == 0)
		wl_data_offer_finish(offer);
	else if (strcmp(p->provoke, "selection_invalid_offer") == 0)
		wl_data_offer_set_actions(offer,
			WL_DATA_DEVICE_MANAGER_DND_ACTION_COPY, 0);
}

static void handle_device_selection(void *data, struct wl_data_device *device,
				    struct wl_data_offer *offer)
{
	struct probe *p = data;
	int fds[2];
	char *text;

	if (p->selection)
		wl_data_offer_destroy(p->selection);
	p->selection = offer;
	if (!offer) {
		say("selection none");
		return;
	}
	if (p->provoke) {
		provoke_on_selection(p, offer);
		return;
	}
	/* Our own --copy selection would need us to answer: do not read it. */
	if (p->copy_text) {
		say("selection offer");
		return;
	}
	if (pipe2(fds, O_CLOEXEC) < 0)
		return;
	wl_data_offer_receive(offer, TEXT_MIME, fds[1]);
	close(fds[1]);
	wl_display_flush(p->d.display);
	text = read_all(fds[0]);
	close(fds[0]);
	say("selection data %s", text ? text : "(none)");
	free(text);
}

const struct wl_data_device_listener probe_device_listener = {
	.data_offer = handle_device_data_offer,
	.enter = handle_device_enter,
	.leave = handle_device_leave,
	.motion = handle_device_motion,
	.drop = handle_device_drop,
	.selection = handle_device_selection,
};

void probe_copy_selection(struct probe *p)
{
	if (p->copied || !p->copy_text || !p->data_device)
		return;
	p->copied = true;
	p->source = probe_make_source(p, 0);
	wl_data_device_set_selection(p->data_device, p->source,
				     p->keyboard_serial);
	say("copied");
}

void probe_provoke_with_serial(struct probe *p)
{
	struct wl_data_source *source;

	if (strcmp(p->provoke, "source_invalid_source") == 0) {
		source = probe_make_source(p, WL_DATA_DEVICE_MANAGER_DND_ACTION_COPY);
		wl_data_device_set_selection(p->data_device, source,
					     p->keyboard_serial);
	} else if (strcmp(p->provoke, "selection_invalid_finish") == 0 ||
		   strcmp(p->provoke, "selection_invalid_offer") == 0) {
		p->source = probe_make_source(p, 0);
		wl_data_device_set_selection(p->data_device, p->source,
					     p->keyboard_serial);
	}
}

/* A 10x10 cyan icon, its corner at the pointer. */
static struct wl_surface *make_icon(struct probe *p)
{
	uint32_t *px;
	int i;

	if (!p->icon_surface) {
		if (tc_buffer_create(&p->d, &p->icon_buffer, 10, 10,
				     WL_SHM_FORMAT_ARGB8888) < 0)
			return NULL;
		px = p->icon_buffer.data;
		for (i = 0; i < 100; i++)
			px[i] = 0xff00ffff;
		p->icon_surface = wl_compositor_create_surface(p->d.compositor);
	}
	wl_surface_attach(p->icon_surface, p->icon_buffer.buffer, 0, 0);
	wl_surface_damage_buffer(p->icon_surface, 0, 0, 10, 10);
	wl_surface_commit(p->icon_surface);
	return p->icon_surface;
}

void probe_start_drag(struct probe *p, uint32_t serial)
{
	struct wl_surface *icon = NULL;

	if (p->provoke && strcmp(p->provoke, "data_device_role") == 0)
		icon = p->window.surface;
	else if (p->drag_icon)
		icon = make_icon(p);
	p->source = probe_make_source(p, WL_DATA_DEVICE_MANAGER_DND_ACTION_COPY |
				WL_DATA_DEVICE_MANAGER_DND_ACTION_MOVE);
	wl_data_device_start_drag(p->data_device, p->source, p->window.surface,
				  icon, serial);
	say("drag started");
}
