package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"time"

	"posterkit/layouts"
	"posterkit/render/template"
	"posterkit/serve"
)

// releaseVersion is set at link time by scripts/release.sh
// (-ldflags "-X main.releaseVersion=v1.2.0"); empty in a plain go build.
var releaseVersion string

// openBrowser opens url in the user's browser; tests replace it.
var openBrowser = func(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	case "darwin":
		cmd = exec.Command("open", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	return cmd.Start()
}

// serveStop, when not nil, stops cmdServe when it is closed (tests).
var serveStop <-chan struct{}

// serveReady, when not nil, receives the page's address once it listens (tests).
var serveReady chan<- string

func cmdServe(args []string, stdout, stderr io.Writer) int {
	fl := newFlags("serve", stderr)
	addr := fl.String("addr", "127.0.0.1:8080", "")
	noOpen := fl.Bool("no-open", false, "")
	pos, err := parse(fl, args)
	if err != nil {
		return exitUsage
	}
	var given []*template.Template
	for _, name := range pos {
		t, err := layouts.Open(name)
		if err != nil {
			fmt.Fprintf(stderr, "posterkit serve: %v\n", errText(err))
			return exitUsage
		}
		given = append(given, t)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "posterkit serve: %v\n", err)
		return exitUsage
	}
	defer ln.Close()
	opt, err := options(0)
	if err != nil {
		fmt.Fprintf(stderr, "posterkit serve: %v\n", errText(err))
		return exitUsage
	}
	listen := ln.Addr().String()
	srv, err := serve.New(serve.Config{Addr: listen, Templates: given, Creator: opt.Creator})
	if err != nil {
		fmt.Fprintf(stderr, "posterkit serve: %v\n", errText(err))
		return exitUsage
	}
	if !serve.Loopback(listen) {
		fmt.Fprintf(stderr, "warning: listening on %s: other computers on the network can use this page and its API; use --addr 127.0.0.1:8080 to keep it to this computer\n", listen)
	}
	url := "http://" + listen + "/"
	if host, port, _ := net.SplitHostPort(listen); net.ParseIP(host).IsUnspecified() {
		url = "http://127.0.0.1:" + port + "/"
	}
	fmt.Fprintf(stdout, "posterkit %s: the page is at %s (Ctrl+C stops it)\n", version(), url)
	hs := &http.Server{
		Handler: srv,
		// A slow or stalled client must not hold a connection for ever.
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute,
		WriteTimeout:      3 * time.Minute, // a 300-DPI render takes seconds; serve bounds it to 2 minutes
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	if serveReady != nil {
		serveReady <- url
	}
	if !*noOpen && serveStop == nil {
		if err := openBrowser(url); err != nil {
			fmt.Fprintf(stderr, "note: could not open a browser (%v): open %s yourself\n", err, url)
		}
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	defer signal.Stop(sig)
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(stderr, "posterkit serve: %v\n", err)
			return exitFailed
		}
	case <-sig:
	case <-serveStop:
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	hs.Shutdown(ctx)
	return exitOK
}
