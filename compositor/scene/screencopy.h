/* zwlr_screencopy_manager_v1: clients copy output frames into shm buffers. */
#ifndef TACK_SCREENCOPY_H
#define TACK_SCREENCOPY_H

struct tack_scene;
struct tack_screencopy;
struct wl_display;

/* The global, copying what the scene's outputs show. */
struct tack_screencopy *tack_screencopy_create(struct wl_display *display,
					       struct tack_scene *scene);
/* After the clients, and so every frame, are gone. */
void tack_screencopy_destroy(struct tack_screencopy *screencopy);

#endif
