#!/usr/bin/env python
from zhaoshang.manage import main

if __name__ == "__main__":
    main()
