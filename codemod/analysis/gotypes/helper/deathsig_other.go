//go:build !linux

package main

import "os/exec"

// dieWithHelper: only Linux has a parent-death signal; elsewhere the client kills the
// helper's process group.
func dieWithHelper(cmd *exec.Cmd) {}
