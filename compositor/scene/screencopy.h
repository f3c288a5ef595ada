/* zwlr_screencopy_manager_v1: clients copy output frames into shm buffers. */
#ifndef TACK_SCREENCOPY_H
#define TACK_SCREENCOPY_H

struct tack_server;
struct tack_screencopy;

/*
 * Create the global. It frees itself on the server's destroy signal, after
 * the clients (and so every frame) are gone.
 */
struct tack_screencopy *tack_screencopy_create(struct tack_server *server);

#endif
