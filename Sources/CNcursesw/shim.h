/*
 * Swift-facing shim over ncursesw for the SonicMapTerminal backend.
 *
 * Swift 6 cannot read mutable C globals (stdscr, LINES, COLS, COLORS, stdout),
 * does not import function-like macros (A_BOLD, mouse masks, KEY_F) and cannot
 * call variadic C functions (fcntl, ioctl). Everything Swift needs from curses
 * and from those calls is wrapped here as static inline functions, because a
 * system-library target cannot contain .c files.
 */
#ifndef SONICMAP_CNCURSESW_SHIM_H
#define SONICMAP_CNCURSESW_SHIM_H

#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

#if __has_include(<ncursesw/curses.h>)
#include <ncursesw/curses.h>
#include <ncursesw/term.h>
#else
#include <curses.h>
#include <term.h>
#endif

/* ---- Globals ---------------------------------------------------------- */

static inline WINDOW *sm_stdscr(void) { return stdscr; }
static inline int sm_lines(void) { return LINES; }
static inline int sm_cols(void) { return COLS; }
static inline int sm_colors(void) { return COLORS; }
static inline int sm_color_pairs(void) { return COLOR_PAIRS; }

/* ---- Attributes --------------------------------------------------------- */

static inline attr_t sm_a_normal(void) { return A_NORMAL; }
static inline attr_t sm_a_bold(void) { return A_BOLD; }
static inline attr_t sm_a_dim(void) { return A_DIM; }
static inline attr_t sm_a_underline(void) { return A_UNDERLINE; }
static inline attr_t sm_a_reverse(void) { return A_REVERSE; }

/* ---- Mouse masks -------------------------------------------------------- */

static inline mmask_t sm_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t sm_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t sm_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t sm_button1_double_clicked(void) { return BUTTON1_DOUBLE_CLICKED; }
static inline mmask_t sm_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t sm_button5_pressed(void) { return BUTTON5_PRESSED; }

/* Reads the pending mouse event. Returns OK or ERR. */
static inline int sm_get_mouse(int *x, int *y, mmask_t *bstate) {
    MEVENT event;
    if (getmouse(&event) != OK) return ERR;
    *x = event.x;
    *y = event.y;
    *bstate = event.bstate;
    return OK;
}

/* ---- Keys --------------------------------------------------------------- */

/* The key code of function key n (KEY_F(n)). */
static inline int sm_key_f(int n) { return KEY_F(n); }

/* Reads one character or key code from stdscr (see get_wch(3X)). */
static inline int sm_get_wch(wint_t *ch) { return wget_wch(stdscr, ch); }

/*
 * The key code ncurses assigned to the terminfo string capability `capname`
 * (for example the xterm extended name "kUP" for Shift-Up), or -1 when the
 * terminal has no such capability or no key code is bound to it.
 */
static inline int sm_extended_key_code(const char *capname) {
    char *value = tigetstr(capname);
    if (value == NULL || value == (char *)-1) return -1;
    int code = key_defined(value);
    return code > 0 ? code : -1;
}

/* ---- Terminal setup ----------------------------------------------------- */

/*
 * Looks up `term` in the terminfo database without initialising curses.
 * Returns 0 when it exists and can address the cursor, 1 when it is unknown,
 * 2 when the terminfo database itself is missing, 3 for a hardcopy terminal,
 * 4 when the entry has no `cup` capability.
 */
static inline int sm_terminal_status(const char *term) {
    int err = 0;
    if (setupterm(term, STDOUT_FILENO, &err) != OK) {
        if (err == 1) return 3;
        if (err == -1) return 2;
        return 1;
    }
    char *cup = tigetstr("cup");
    int status = (cup == NULL || cup == (char *)-1) ? 4 : 0;
    del_curterm(cur_term);
    return status;
}

/* newterm(NULL, stdout, stdin): curses on the process's own terminal. */
static inline SCREEN *sm_newterm(void) { return newterm(NULL, stdout, stdin); }

/* The terminal's size from the kernel (TIOCGWINSZ). Returns 0, or -1 on error. */
static inline int sm_window_size(int fd, int *rows, int *cols) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 || ws.ws_col == 0) return -1;
    *rows = ws.ws_row;
    *cols = ws.ws_col;
    return 0;
}

/*
 * True when `fd` polls readable yet holds no bytes (FIONREAD is 0): reading it
 * would return end of file.
 */
static inline int sm_at_end_of_file(int fd) {
    struct pollfd p = {.fd = fd, .events = POLLIN, .revents = 0};
    int pending = 0;
    if (poll(&p, 1, 0) != 1 || !(p.revents & (POLLIN | POLLHUP))) return 0;
    return ioctl(fd, FIONREAD, &pending) == 0 && pending == 0;
}

/* True when the current locale's character set is UTF-8. */
static inline int sm_locale_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

/* ---- Drawing ------------------------------------------------------------ */

/*
 * Draws one grapheme (its scalars, the first spacing, the rest combining) at
 * (y, x) on stdscr with attributes and an extended colour pair. A grapheme with
 * more scalars than a cchar_t holds is cut; one that setcchar refuses is drawn
 * by its first scalar alone. Returns the mvwadd_wch result (ERR in the
 * bottom-right cell is expected and harmless with scrollok off).
 */
static inline int sm_put_cell(int y, int x, const uint32_t *scalars, int count, attr_t attrs, int pair) {
    wchar_t text[CCHARW_MAX + 1];
    int n = count < CCHARW_MAX ? count : CCHARW_MAX;
    for (int i = 0; i < n; i++) text[i] = (wchar_t)scalars[i];
    text[n] = L'\0';
    cchar_t cell;
    if (setcchar(&cell, text, attrs, 0, &pair) != OK) {
        text[1] = L'\0';
        if (setcchar(&cell, text, attrs, 0, &pair) != OK) return ERR;
    }
    return mvwadd_wch(stdscr, y, x, &cell);
}

/* ---- Pipes and signals -------------------------------------------------- */

/* pipe(2) with both ends non-blocking and close-on-exec. Returns 0 or -1. */
static inline int sm_make_pipe(int fds[2]) {
    if (pipe(fds) != 0) return -1;
    for (int i = 0; i < 2; i++) {
        int flags = fcntl(fds[i], F_GETFL);
        if (flags < 0 || fcntl(fds[i], F_SETFL, flags | O_NONBLOCK) != 0 ||
            fcntl(fds[i], F_SETFD, FD_CLOEXEC) != 0) {
            close(fds[0]);
            close(fds[1]);
            return -1;
        }
    }
    return 0;
}

/* Write end of the signal self-pipe, read by the handler below only. */
static int sm_signal_pipe_fd = -1;

/* Async-signal-safe: writes the signal number as one byte, keeps errno. */
static void sm_on_signal(int signo) {
    int saved = errno;
    unsigned char byte = (unsigned char)signo;
    ssize_t written = write(sm_signal_pipe_fd, &byte, 1);
    (void)written;
    errno = saved;
}

/*
 * Routes SIGWINCH and every signal whose default action ends the process and that
 * is not a fault of the program itself (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1,
 * SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU, SIGIO, SIGPWR, SIGSTKFLT and the
 * real-time signals) to one byte each on `write_fd`, so the event loop ends the
 * session and restores the terminal. Ignores SIGPIPE and SIGXFSZ (writes then fail
 * with EPIPE and EFBIG instead of killing the process). Faults (SIGSEGV, SIGBUS,
 * SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGSYS) keep their default action: returning
 * from their handler would run the faulting instruction again.
 * Call before newterm, so that curses keeps these handlers instead of installing
 * its own. Returns 0, or -1 on error.
 */
static inline int sm_install_signal_handlers(int write_fd) {
    sm_signal_pipe_fd = write_fd;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = sm_on_signal;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    const int routed[] = {
        SIGINT, SIGTERM, SIGHUP, SIGWINCH, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU,
#ifdef SIGIO
        SIGIO,
#endif
#ifdef SIGPWR
        SIGPWR,
#endif
#ifdef SIGSTKFLT
        SIGSTKFLT,
#endif
    };
    for (unsigned i = 0; i < sizeof routed / sizeof routed[0]; i++) {
        if (sigaction(routed[i], &action, NULL) != 0) return -1;
    }
#ifdef SIGRTMIN
    /* glibc reserves the lowest real-time signals for itself: SIGRTMIN is past them. */
    for (int s = SIGRTMIN; s <= SIGRTMAX && s < 256; s++) {
        if (sigaction(s, &action, NULL) != 0) return -1;
    }
#endif
    struct sigaction ignore;
    memset(&ignore, 0, sizeof ignore);
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    if (sigaction(SIGXFSZ, &ignore, NULL) != 0) return -1;
    return sigaction(SIGPIPE, &ignore, NULL);
}

/* The highest signal number sm_install_signal_handlers routes. */
static inline int sm_last_routed_signal(void) {
#ifdef SIGRTMAX
    return SIGRTMAX;
#else
    return 31;
#endif
}

#endif
