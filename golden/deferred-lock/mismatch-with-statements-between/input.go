package cache

import "sync"

type Cache struct {
	mu   sync.RWMutex
	data map[string]string
}

func (c *Cache) upgrade() {
	c.mu.RUnlock()
	c.mu.Lock()
}

func (c *Cache) Set(key, value string) {
	c.mu.RLock()
	c.upgrade()
	defer c.mu.Unlock()
	c.data[key] = value
}
