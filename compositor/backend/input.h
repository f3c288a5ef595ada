/*
 * Input devices of a session: libinput over udev, with the devices opened
 * through the session, feeding the seat. Ctrl+Alt+Fn switches VTs.
 */
#ifndef TACK_INPUT_H
#define TACK_INPUT_H

struct tack_server;
struct tack_session;
struct tack_input;

struct tack_input *tack_input_create(struct tack_server *server,
				     struct tack_session *session);
void tack_input_destroy(struct tack_input *input);

#endif
