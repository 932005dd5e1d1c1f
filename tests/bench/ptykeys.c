/* ptykeys: run a full-screen program on a fresh pseudo-terminal, type keys
 * into it, and exit with its status. The benchmark times whole runs of
 * this (hyperfine), so it adds as little as it can: one fork, one write of
 * the keys, and a loop that drains the screen output so the program never
 * blocks on a full terminal.
 *
 *   ptykeys [-t SECONDS] [-o FILE] KEYS PROGRAM [ARG...]
 *
 * KEYS are written to the terminal as they are (with \e, \r, \n, \t and
 * \\ understood), all at once; the program reads them as if typed ahead.
 * -o saves everything the program wrote to the screen (to check that it
 * drew). -t is the time limit (default 60 s): past it the program is
 * killed and ptykeys fails with status 124. A program that exits without
 * reading every key fails too (125): that run did not do what was timed. The terminal is 120x40,
 * TERM=xterm-256color, and CDESK_TYPEAHEAD=off so that curses draws every
 * key even though the next one is already waiting. */
#define _GNU_SOURCE /* ppoll */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define ROWS 40
#define COLS 120

static void die(const char *what)
{
	fprintf(stderr, "ptykeys: %s: %s\n", what, strerror(errno));
	exit(125);
}

static void usage(void)
{
	fprintf(stderr, "usage: ptykeys [-t SECONDS] [-o FILE] KEYS PROGRAM [ARG...]\n");
	exit(125);
}

/* KEYS with the few escapes a key sequence needs, decoded in place. */
static size_t unescape(char *s)
{
	char *out = s;
	for (const char *in = s; *in; in++) {
		if (*in != '\\' || !in[1]) {
			*out++ = *in;
			continue;
		}
		switch (*++in) {
		case 'e': *out++ = '\033'; break;
		case 'r': *out++ = '\r'; break;
		case 'n': *out++ = '\n'; break;
		case 't': *out++ = '\t'; break;
		default: *out++ = *in; break;
		}
	}
	return (size_t)(out - s);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The child: the slave side becomes its controlling terminal and its
 * standard input, output and error. */
static void child(int master, const char *slave_name, char **argv)
{
	setsid();
	int slave = open(slave_name, O_RDWR);
	if (slave < 0)
		die("opening the terminal");
	if (ioctl(slave, TIOCSCTTY, 0) < 0)
		die("TIOCSCTTY");
	struct winsize ws = {.ws_row = ROWS, .ws_col = COLS};
	if (ioctl(slave, TIOCSWINSZ, &ws) < 0)
		die("TIOCSWINSZ");
	close(master);
	dup2(slave, 0);
	dup2(slave, 1);
	dup2(slave, 2);
	if (slave > 2)
		close(slave);
	setenv("TERM", "xterm-256color", 1);
	setenv("CDESK_TYPEAHEAD", "off", 1);
	unsetenv("LINES");
	unsetenv("COLUMNS");
	execvp(argv[0], argv);
	fprintf(stderr, "ptykeys: cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

static volatile sig_atomic_t child_done;

static void on_child(int sig)
{
	(void)sig;
	child_done = 1;
}

static void drain(int master, FILE *out)
{
	char buf[65536];
	ssize_t n;
	while ((n = read(master, buf, sizeof buf)) > 0)
		if (out)
			fwrite(buf, 1, (size_t)n, out);
}

int main(int argc, char **argv)
{
	double limit = 60;
	const char *save = NULL;
	int opt;
	while ((opt = getopt(argc, argv, "+t:o:")) != -1) {
		if (opt == 't')
			limit = atof(optarg);
		else if (opt == 'o')
			save = optarg;
		else
			usage();
	}
	if (argc - optind < 2 || limit <= 0)
		usage();
	char *keys = argv[optind];
	size_t nkeys = unescape(keys);
	char **prog = argv + optind + 1;

	FILE *out = NULL;
	if (save && !(out = fopen(save, "w")))
		die(save);
	int master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0)
		die("opening a pseudo-terminal");
	const char *slave_name = ptsname(master);
	if (!slave_name)
		die("ptsname");
	/* Raw from the start, so keys that arrive before the program sets up
	 * its terminal are neither echoed nor held for a line. The slave stays
	 * open here too, so the terminal never goes away between fork and the
	 * child opening it; the child's exit is told by SIGCHLD instead. */
	int slave = open(slave_name, O_RDWR | O_NOCTTY);
	struct termios tio;
	if (slave < 0 || tcgetattr(slave, &tio) < 0)
		die("setting up the terminal");
	cfmakeraw(&tio);
	if (tcsetattr(slave, TCSANOW, &tio) < 0)
		die("setting up the terminal");

	/* SIGCHLD is blocked except inside ppoll, so it cannot slip in between
	 * the check and the wait. */
	sigset_t block, during;
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, &during);
	sigdelset(&during, SIGCHLD);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_child;
	sigaction(SIGCHLD, &sa, NULL);

	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		sigprocmask(SIG_SETMASK, &during, NULL);
		close(slave);
		child(master, slave_name, prog);
	}

	fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
	double deadline = now_s() + limit;
	size_t sent = 0;
	char buf[65536];
	while (!child_done) {
		struct pollfd p = {master, POLLIN | (sent < nkeys ? POLLOUT : 0), 0};
		double left = deadline - now_s();
		if (left <= 0) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			fprintf(stderr, "ptykeys: %s did not finish within %g s; killed\n", prog[0], limit);
			return 124;
		}
		struct timespec ts = {(time_t)left, (long)((left - (double)(time_t)left) * 1e9)};
		if (ppoll(&p, 1, &ts, &during) < 0) {
			if (errno == EINTR)
				continue;
			die("poll");
		}
		if (p.revents & POLLOUT) {
			ssize_t n = write(master, keys + sent, nkeys - sent);
			if (n > 0)
				sent += (size_t)n;
		}
		if (p.revents & POLLIN) {
			ssize_t n = read(master, buf, sizeof buf);
			if (n > 0 && out)
				fwrite(buf, 1, (size_t)n, out);
		}
	}
	int status;
	if (waitpid(pid, &status, 0) != pid)
		die("waitpid");
	drain(master, out); /* what it wrote just before exiting */
	if (out && fclose(out) != 0)
		die(save);
	/* Keys it never read mean the run did not do what was timed. */
	int unread = 0;
	ioctl(slave, FIONREAD, &unread);
	if (sent < nkeys || unread > 0) {
		fprintf(stderr, "ptykeys: %s exited with %zu of %zu keys not read\n", prog[0],
			nkeys - sent + (size_t)unread, nkeys);
		return 125;
	}
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
