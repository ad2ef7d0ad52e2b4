module example.com/traphandoverhandlocks

go 1.22
