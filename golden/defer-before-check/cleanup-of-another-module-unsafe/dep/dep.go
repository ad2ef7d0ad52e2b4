// Package dep stands for a dependency: its convention for a cleanup returned with an
// error is its own, which deferfix does not read.
package dep

import "errors"

func Setup(name string) (func(), error) {
	if name == "" {
		return nil, errors.New("no name")
	}
	return func() {}, nil
}
