/* bench-nothing: the do-nothing program of docs/design.md §7, what
 * starting a process costs on this machine. */
int main(void)
{
	return 0;
}
