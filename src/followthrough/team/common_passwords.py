"""The list of common passwords refused by the password policy, generated.

The list is ours: a few hundred seeds written from general knowledge of how
people choose weak passwords (words, names, keyboard walks, digit runs,
years, seasons and months, the product's own vocabulary) and the variants
people make of them (digits, years and ``!`` appended, letters swapped for
look-alike digits and symbols). Only entries the length rule would not
already refuse (8 characters or more) are kept, case-folded, one a line in
``data/common-passwords.txt``. Regenerate after editing the seeds::

    .venv/bin/python -m followthrough.team.common_passwords

A test checks that the shipped file matches this generator.
"""

from __future__ import annotations

from itertools import product
from pathlib import Path

MIN_LENGTH = 8
DATA_FILE = Path(__file__).resolve().parent / "data" / "common-passwords.txt"

WORDS = """
password passwd passw0rd pass secret letmein welcome welcomehome iloveyou loveyou
lovely love trustno1 whatever nothing something anything access master admin
administrator root superuser default changeme change guest login logon user test
testing tester demo sample example temp temporary qwerty qwertz azerty monkey dragon
football baseball basketball soccer hockey tennis golf cricket rugby sunshine
princess shadow superman batman spiderman ironman starwars pokemon naruto matrix
hunter ranger buster killer tigger pepper ginger cookie cupcake chocolate candy
sugar honey angel angels baby babygirl babyboy flower flowers butterfly rainbow
purple orange banana apple cherry strawberry lemon summer winter spring autumn
freedom liberty freeman internet computer laptop google facebook linkedin
twitter instagram youtube microsoft windows apple iphone android samsung
samsunggalaxy office company business money dollar million cash gold silver
diamond platinum crystal silverado mustang corvette ferrari porsche mercedes
yankees redsox cowboys lakers eagles steelers packers giants patriots chelsea
arsenal liverpool barcelona madrid juventus manchester united london paris berlin
tokyo newyork chicago dallas boston america canada england germany france japan
india brazil mexico australia china russia jesus christ heaven blessed godisgood
faith hope grace peace happy happiness smile funny family friends friend
forever always together beautiful pretty sweet sweetie sweetheart darling
lover sexy hottie killer1 player gamer gaming warcraft minecraft fortnite
zelda mario legend legends hero heroes warrior wizard magic merlin phoenix
thunder lightning storm tiger lion eagle falcon wolf bear shark dolphin horse
puppy kitty kitten doggy dog cat fish bird monkey1 donkey chicken turtle
coffee pizza cheese pepsi cocacola beer vodka whiskey music guitar piano
rockstar rocknroll metallica nirvana beatles elvis madonna jordan23 michael23
mylove mypassword yourpassword nopassword newpassword oldpassword password1
secretpassword supersecret topsecret private personal unknown nobody someone
everyone abcdef abcdefg abcdefgh abcdefghi abcdefghij abcabc abcabcabc
abc123 abcd1234 aaaaaa qazwsx qwerty123 iloveu fuckyou fuckoff asshole bitch
hello hellothere helloworld goodbye goodluck goodmorning goodnight thankyou
please letmeinnow openup opensesame startrek trekkie matrix123 dreamer dreams
midnight sunrise sunset ocean beach island paradise mountain river forest
system server network database backup security firewall cisco oracle linux
ubuntu debian redhat apache tomcat jenkins docker kubernetes postgres mysql
interview interviews recruiter recruiting recruitment career careers resume
jobsearch jobhunt hireme hired employer employee manager director executive
consultant consulting coaching coach candidate candidates headhunter
followthrough followup thankyounote offer offerletter promotion salary
monday tuesday wednesday thursday friday saturday sunday weekend holiday
january february march april may june july august september october november
december
"""

NAMES = """
michael jennifer jessica ashley amanda sarah stephanie nicole elizabeth heather
melissa michelle tiffany christina rebecca rachel laura lauren emily emma olivia
sophia isabella ava mia abigail madison charlotte amelia harper evelyn hannah
samantha natalie victoria katherine kimberly amber danielle brittany megan andrea
maria anna julia alexandra alexander christopher matthew joshua daniel david
james robert john joseph andrew ryan brandon jason justin william jonathan
nicholas anthony thomas charles steven kevin brian eric timothy richard mark
patrick benjamin samuel jacob ethan noah liam lucas mason logan oliver henry
jackson aiden elijah gabriel carter jayden dylan tyler austin zachary kyle
jordan taylor morgan cameron hunter connor charlie george harry jack oscar
peter paul simon martin stefan thomas hans klaus jurgen pierre jean marie
nicolas francois antoine carlos juan jose luis miguel pedro diego javier
alejandro fernando ricardo roberto sergio andreas marco giuseppe giovanni
hiroshi takeshi kenji yuki sakura haruka akira satoshi naoko yuko mohammed
ahmed ali fatima omar aisha priya rahul amit ravi sanjay anita sunita wei
ming li jun chen wang zhang liu yang huang
"""

KEYBOARD = """
qwerty qwertyu qwertyui qwertyuiop asdfgh asdfghj asdfghjk asdfghjkl zxcvbn
zxcvbnm qazwsx qazwsxedc qazwsxedcrfv 1qaz2wsx 1qaz2wsx3edc 1qaz2wsx3edc4rfv
zaq12wsx zaq1zaq1 zaq1xsw2 xsw2zaq1 !qaz2wsx !qaz@wsx 1q2w3e4r 1q2w3e4r5t
1q2w3e4r5t6y 1q2w3e 1q2w3e4r5t6y7u8i9o0p q1w2e3r4 q1w2e3r4t5 q1w2e3r4t5y6
qweasdzxc qweasd qwe123 qwer1234 qwert12345 asdf1234 asdfasdf qwerqwer
1234qwer 1234asdf 123qwe 123qweasd 123qweasdzxc qwerasdf qwertasdfg
azertyuiop azerty123 qwertzuiop qwertz123 yxcvbnm poiuytrewq lkjhgfdsa
mnbvcxz 0987654321 0987654321 mnbvcxz123 qwertyqwerty asdfjkl asdfjkl;
1a2b3c4d 1a2b3c4d5e a1b2c3d4 a1b2c3d4e5 abc12345 password qwerty12345
147258369 159753 159357 741852963 963852741 789456123 123456789 147852369
258456 852456 14789632 1236987 12369874 98765432 987654321 9876543210
"""

DIGIT_RUNS = """
12345678 123456789 1234567890 0123456789 01234567 87654321 11223344
12121212 12341234 123123123 12312312 123321123 1234554321 123454321
11112222 11110000 10203040 102030405060 1029384756 13579246 24682468
123456123456 121212121 696969696 69696969 88888888 01010101 10101010
"""

SUFFIXES = ["", "1", "12", "123", "1234", "12345", "!", "1!", "123!", "01", "69", "99"]
LEET = str.maketrans({"a": "@", "o": "0", "e": "3", "i": "1", "s": "$"})
LEET_DIGITS = str.maketrans({"a": "4", "o": "0", "e": "3", "i": "1", "s": "5"})
# the words people most often pair with a year (and the seasons and months)
WITH_YEARS = """
password welcome letmein iloveyou qwerty admin summer winter spring autumn
football baseball soccer hockey monkey dragon sunshine princess secret
january february march april june july august september october november december
company office changeme"""


def _split(block: str) -> list[str]:
    return [word for word in block.split() if word]


def generate() -> list[str]:
    """The sorted, case-folded list (only entries of ``MIN_LENGTH`` or more)."""
    found: set[str] = set()
    words = _split(WORDS)
    names = _split(NAMES)
    for word in words + names:
        found.update(word + suffix for suffix in SUFFIXES)
        for swapped in {word.translate(LEET), word.translate(LEET_DIGITS)} - {word}:
            found.update(swapped + suffix for suffix in ("", "1", "123", "!"))
        found.update({word + word, "my" + word, "ilove" + word})
    for name in names:
        found.update(name + str(year) for year in range(1970, 2011))
    for word in _split(WITH_YEARS):
        for year in range(2000, 2036):
            found.update({word + str(year), word + str(year) + "!", f"{word}@{year}"})
        found.update(word + f"{year:02d}" for year in range(100))
    common = words[:40]
    found.update(first + second for first, second in product(common, common)
                 if first != second)
    for walk in _split(KEYBOARD) + _split(DIGIT_RUNS):
        found.update({walk, walk + "!", walk + "1", walk + "123"})
    for character in "abcdefghijklmnopqrstuvwxyz0123456789!*.#@ ":
        for length in range(MIN_LENGTH, 17):
            found.add(character * length)
    for length in range(MIN_LENGTH, 11):
        found.add("1234567890"[:length])
        found.add("abcdefghij"[:length])
    for first, second in product("0123456789", repeat=2):
        found.add((first + second) * 4)
    phrases = ["password", "pass word", "my password", "letmein", "let me in",
               "i love you", "iloveyou", "correct horse battery staple",
               "correcthorsebatterystaple", "the quick brown fox",
               "thequickbrownfoxjumpsoverthelazydog", "to be or not to be",
               "hello world", "open sesame", "may the force be with you",
               "change me now", "please let me in", "my new password",
               "i have no idea", "not my password", "this is my password",
               "enter your password", "your password here", "password here"]
    found.update(phrases)
    return sorted(entry.casefold() for entry in found if len(entry) >= MIN_LENGTH)


def render() -> str:
    header = ("# Common and easily guessed passwords, refused by followthrough's password\n"
              "# policy. Generated by followthrough.team.common_passwords; do not edit.\n")
    return header + "".join(f"{entry}\n" for entry in generate())


if __name__ == "__main__":
    DATA_FILE.write_text(render(), encoding="utf-8")
