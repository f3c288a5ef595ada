/*
 * Input devices of a session: libinput over udev, with the devices opened
 * through the session, feeding the seat. Ctrl+Alt+Fn switches VTs.
 */
#ifndef TACK_INPUT_H
#define TACK_INPUT_H

struct tack_backend_env;
struct tack_session;
struct tack_input;

/* Devices feed env's seat, absolute ones scaled to env's layout. */
struct tack_input *tack_input_create(const struct tack_backend_env *env,
				     struct tack_session *session);
void tack_input_destroy(struct tack_input *input);

#endif
