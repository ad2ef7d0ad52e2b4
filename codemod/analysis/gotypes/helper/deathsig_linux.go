//go:build linux

package main

import (
	"os/exec"
	"syscall"
)

// dieWithHelper makes the kernel kill cmd when the helper dies, so a go list blocked on a
// FIFO (or a slow one) never outlives a helper that was killed or lost its parent.
func dieWithHelper(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
