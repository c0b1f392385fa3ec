"""Name-part frequency tables for the synthetic party file (written here, not from the lists).

Each culture lists given names and surnames roughly in order of frequency (sampled with Zipf
weights, so the first few are common and the tail is rare), the script its names are written
in, and how its company names are formed. Spellings are the common ones of each country.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Culture:
    country: str
    given: tuple[str, ...]
    surnames: tuple[str, ...]
    #: surname first ("Wang Wei") rather than given name first
    surname_first: bool = False
    company_words: tuple[str, ...] = ()
    legal_forms: tuple[str, ...] = ()
    #: share of rows from this culture
    share: float = 1.0


def _t(text: str) -> tuple[str, ...]:
    return tuple(text.split())


CULTURES: tuple[Culture, ...] = (
    Culture(
        "DE",
        _t(
            "Thomas Michael Andreas Stefan Peter Christian Klaus Markus Frank Jürgen Ursula "
            "Sabine Monika Petra Claudia Andrea Susanne Birgit Katrin Anja Lukas Jonas Leon "
            "Felix Maximilian Hannah Lea Lena Sophie Marie Wolfgang Dieter Uwe Heike Karin"
        ),
        _t(
            "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann "
            "Schäfer Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun "
            "Krüger Hofmann Hartmann Lange Schmitt Werner Krause Meier Lehmann Köhler Huber"
        ),
        company_words=_t(
            "Maschinenbau Präzision Technik Logistik Handel Werkzeug Antriebstechnik "
            "Stahlbau Elektro Kunststoff Verpackung Spedition Systeme Automation Holz"
        ),
        legal_forms=("GmbH", "GmbH & Co. KG", "AG", "KG", "e.K."),
        share=1.4,
    ),
    Culture(
        "FR",
        _t(
            "Jean Pierre Michel Philippe Alain Nicolas Christophe Patrick Laurent Julien Marie "
            "Nathalie Isabelle Sylvie Catherine Sandrine Camille Léa Manon Chloé Emma Louis "
            "Hugo Lucas Thomas Antoine Élodie Céline Stéphane Frédéric"
        ),
        _t(
            "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon "
            "Laurent Lefebvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard "
            "André Lefèvre Mercier Dupont Lambert Bonnet François Martinez"
        ),
        company_words=_t(
            "Industries Mécanique Transports Distribution Usinage Ingénierie Services "
            "Fonderie Outillage Négoce Conseil Emballages Matériaux"
        ),
        legal_forms=("SA", "SAS", "SARL", "EURL"),
        share=1.0,
    ),
    Culture(
        "IT",
        _t(
            "Giuseppe Giovanni Antonio Mario Luigi Francesco Angelo Vincenzo Pietro Salvatore "
            "Maria Anna Giuseppina Rosa Angela Giovanna Teresa Lucia Carmela Francesca Marco "
            "Alessandro Andrea Luca Matteo Giulia Chiara Sara Paolo Roberto"
        ),
        _t(
            "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno "
            "Gallo Conti De Luca Mancini Costa Giordano Rizzo Lombardi Moretti Barbieri "
            "Fontana Santoro Mariani Rinaldi Caruso Ferrara Galli Martini Leone"
        ),
        company_words=_t(
            "Meccanica Costruzioni Trasporti Officine Componenti Utensili Tessile Alimentari "
            "Impianti Forniture Acciai Sistemi"
        ),
        legal_forms=("S.p.A.", "S.r.l.", "S.n.c.", "S.a.s."),
        share=1.0,
    ),
    Culture(
        "ES",
        _t(
            "Antonio José Manuel Francisco David Juan Javier Daniel Carlos Jesús María Carmen "
            "Ana Isabel Laura Cristina Marta Lucía Elena Pilar Alejandro Pablo Sergio Jorge "
            "Alberto Rocío Paula Raquel Miguel Rafael"
        ),
        _t(
            "García Rodríguez González Fernández López Martínez Sánchez Pérez Gómez Martín "
            "Jiménez Ruiz Hernández Díaz Moreno Muñoz Álvarez Romero Alonso Gutiérrez Navarro "
            "Torres Domínguez Vázquez Ramos Gil Ramírez Serrano Blanco Molina"
        ),
        company_words=_t(
            "Construcciones Transportes Industrias Metalúrgica Distribuciones Suministros "
            "Ingeniería Servicios Comercial Maquinaria Aceros"
        ),
        legal_forms=("S.A.", "S.L.", "S.L.U.", "S. Coop."),
        share=1.0,
    ),
    Culture(
        "GB",
        _t(
            "James John Robert Michael William David Richard Joseph Thomas Charles Mary "
            "Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Oliver George "
            "Harry Jack Emily Olivia Amelia Sophie Daniel Matthew"
        ),
        _t(
            "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson "
            "Evans Walker White Roberts Green Hall Wood Jackson Clarke Hughes Edwards Lewis "
            "Harris Turner Cooper Hill Ward Morris Baker Miller Anderson"
        ),
        company_words=_t(
            "Engineering Holdings Logistics Supplies Trading Precision Components Solutions "
            "Industries Systems Tooling Fabrications Freight Group Services Technologies"
        ),
        legal_forms=("Ltd", "Limited", "PLC", "LLP", "Inc.", "LLC", "Corp."),
        share=2.0,
    ),
    Culture(
        "PL",
        _t(
            "Piotr Krzysztof Andrzej Tomasz Paweł Jan Michał Marcin Jakub Adam Anna Maria "
            "Katarzyna Małgorzata Agnieszka Barbara Ewa Magdalena Joanna Aleksandra Zofia "
            "Łukasz Grzegorz Mateusz Wojciech"
        ),
        _t(
            "Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński "
            "Szymański Woźniak Dąbrowski Kozłowski Jankowski Mazur Kwiatkowski Krawczyk "
            "Piotrowski Grabowski Nowakowski Pawłowski"
        ),
        company_words=_t("Przedsiębiorstwo Usługi Handel Transport Budownictwo Metal Technika"),
        legal_forms=("Sp. z o.o.", "S.A.", "Sp.j."),
        share=0.6,
    ),
    Culture(
        "TR",
        _t(
            "Mehmet Mustafa Ahmet Ali Hüseyin Hasan İbrahim İsmail Osman Yusuf Fatma Ayşe "
            "Emine Hatice Zeynep Elif Meryem Şerife Zehra Sultan Murat Emre Burak Can Ömer"
        ),
        _t(
            "Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan "
            "Kılıç Aslan Çetin Kara Koç Kurt Özkan Şimşek Polat Korkmaz Erdoğan Aksoy"
        ),
        company_words=_t("Makina Sanayi Ticaret İnşaat Tekstil Otomotiv Lojistik Gıda Metal"),
        legal_forms=("A.Ş.", "Ltd. Şti.", "San. ve Tic. A.Ş."),
        share=0.7,
    ),
    Culture(
        "RU",
        _t(
            "Александр Сергей Дмитрий Андрей Алексей Максим Евгений Иван Михаил Николай Елена "
            "Ольга Наталья Татьяна Ирина Светлана Анна Мария Екатерина Юлия Владимир Павел"
        ),
        _t(
            "Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров "
            "Морозов Волков Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев"
        ),
        company_words=_t("Промышленная Торговая Строительная Транспортная Технологии Снаб"),
        legal_forms=("ООО", "АО", "ПАО", "ЗАО"),
        share=0.6,
    ),
    Culture(
        "RU-latn",
        _t(
            "Aleksandr Sergey Dmitry Andrei Alexey Maksim Evgeny Ivan Mikhail Nikolai Elena "
            "Olga Natalia Tatiana Irina Svetlana Anna Maria Ekaterina Yulia Vladimir Pavel"
        ),
        _t(
            "Ivanov Smirnov Kuznetsov Popov Vasiliev Petrov Sokolov Mikhailov Novikov Fedorov "
            "Morozov Volkov Alekseev Lebedev Semenov Egorov Pavlov Kozlov Stepanov Nikolaev"
        ),
        company_words=_t("Promtech Stroy Trans Neft Energo Metall Snab Torg Invest"),
        legal_forms=("LLC", "OOO", "JSC", "AO"),
        share=0.5,
    ),
    Culture(
        "CN",
        _t("伟 芳 娜 秀英 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀兰 霞 平 刚 桂英"),
        _t("王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁"),
        surname_first=True,
        company_words=_t("机械 科技 贸易 电子 实业 精密 制造 工业"),
        legal_forms=("有限公司", "股份有限公司"),
        share=0.6,
    ),
    Culture(
        "CN-latn",
        _t(
            "Wei Fang Na Xiuying Min Jing Li Qiang Lei Jun Yang Yong Yan Jie Juan Tao Ming Chao "
            "Xiulan Xia Ping Gang Guiying Hao Yu Xin"
        ),
        _t(
            "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Gao Lin "
            "Luo Zheng Liang Xie Song Tang"
        ),
        surname_first=True,
        company_words=_t(
            "Precision Machinery Technology Trading Electronics Industrial Manufacturing "
            "Import Export Hardware Tools Shenzhen Ningbo Suzhou Dongguan"
        ),
        legal_forms=("Co., Ltd.", "Co. Ltd", "Limited", "Trading Co."),
        share=1.2,
    ),
    Culture(
        "EG",
        _t("محمد أحمد محمود مصطفى علي حسن إبراهيم عمر يوسف خالد فاطمة مريم نور سارة هدى منى"),
        _t("حسن علي إبراهيم عبدالله محمود سالم خليل منصور يوسف عثمان شريف فؤاد رزق عيسى"),
        company_words=_t("للتجارة للصناعات الهندسية للمقاولات للاستيراد والتصدير"),
        legal_forms=("ش.م.م",),
        share=0.4,
    ),
    Culture(
        "AE-latn",
        _t(
            "Mohammed Ahmed Mahmoud Mustafa Ali Hassan Ibrahim Omar Youssef Khaled Fatima "
            "Mariam Noor Sara Huda Mona Abdullah Rashid Saeed Hamad Sultan Tariq"
        ),
        _t(
            "Al Mansouri Al Nuaimi Al Hashimi Al Falasi Al Suwaidi Al Mazrouei Al Shamsi "
            "Haddad Khalil Mansour Saleh Nasser Rahman Aziz Farouk Hamdan Karim Qasim"
        ),
        company_words=_t("General Trading Contracting Shipping Logistics Marine Gulf Emirates"),
        legal_forms=("LLC", "FZE", "FZCO", "L.L.C."),
        share=0.6,
    ),
    Culture(
        "IN",
        _t(
            "Rahul Amit Rajesh Suresh Sanjay Vijay Anil Sunil Ravi Deepak Priya Pooja Neha "
            "Anjali Sunita Kavita Anita Lakshmi Arjun Karthik Venkatesh Srinivas"
        ),
        _t(
            "Sharma Verma Gupta Singh Kumar Patel Shah Reddy Rao Nair Iyer Mehta Joshi Desai "
            "Agarwal Banerjee Chatterjee Mukherjee Pillai Menon Kapoor Malhotra"
        ),
        company_words=_t(
            "Engineering Enterprises Industries Exports Textiles Auto Components Steel Pharma"
        ),
        legal_forms=("Pvt. Ltd.", "Private Limited", "Ltd."),
        share=1.0,
    ),
    Culture(
        "JP",
        _t("翔 蓮 大翔 陽翔 悠真 湊 結衣 陽葵 凛 芽依 葵 美咲 健 誠 浩 直樹"),
        _t("佐藤 鈴木 高橋 田中 伊藤 渡辺 山本 中村 小林 加藤 吉田 山田 佐々木 山口"),
        surname_first=True,
        company_words=_t("精機 工業 製作所 商事 電機 技研"),
        legal_forms=("株式会社", "有限会社"),
        share=0.3,
    ),
    Culture(
        "KR",
        _t("민준 서준 도윤 예준 시우 서연 서윤 지우 하윤 민서 지호 현우 수빈 지민"),
        _t("김 이 박 최 정 강 조 윤 장 임 한 오 서 신"),
        surname_first=True,
        company_words=_t("정밀 기계 산업 무역 전자"),
        legal_forms=("주식회사",),
        share=0.3,
    ),
    Culture(
        "GR",
        _t("Γιώργος Γιάννης Κώστας Δημήτρης Νίκος Μαρία Ελένη Αικατερίνη Βασιλική Σοφία"),
        _t("Παπαδόπουλος Βλάχος Αγγελόπουλος Νικολάου Γεωργίου Παπαδάκης Οικονόμου Καραγιάννης"),
        company_words=_t("Ναυτιλιακή Εμπορική Τεχνική Βιομηχανία"),
        legal_forms=("Α.Ε.", "Ε.Π.Ε."),
        share=0.2,
    ),
)


#: Surname building blocks per culture: a rare surname is a prefix and a suffix, the way long
#: tails of real surname distributions are formed (Schön+berger, Kowal+czyk, Ash+ford).
MORPHEMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "DE": (
        _t(
            "Schön Rosen Linden Eich Stein Berg Wald Hof Kirch Brand Feld Gold Eisen Neu Hoch "
            "Lang Wein Mühl Stras Hein"
        ),
        _t("berger mann meier hofer bach feld stein ner inger hausen kamp brink"),
    ),
    "FR": (
        _t("Beau Mont Bel Dela Roch Font Champ Chev Four Gar Bou Mal Vauc Lam Ber"),
        _t("mont ville fort court lieu champ chard lin ot eau ier ard on"),
    ),
    "IT": (
        _t("Bel Fior Mont Sant Ross Bianc Cas Ferr Mar Vill Tor Pell Gal Brun Cor"),
        _t("ini elli etti ucci one ano ato esi iero otti ardi"),
    ),
    "ES": (
        _t("Fer Gonz Rodr Mart Her Ald Bel Cas Val Mon Esc Ord Bust Arr Qui"),
        _t("ández ez uela ero ado ón illo eda ano ares"),
    ),
    "GB": (
        _t("Ash Black Brook Church Fair Hart Kings Mill Red Stan Wood Thorn Whit Cross Hazel"),
        _t("ford ley ton wood field worth well by ham ridge more den"),
    ),
    "PL": (
        _t("Kowal Nowic Wiśni Zając Lis Sob Kraw Zieli Mał Dąb Gór Sad Wal Maj Ryb"),
        _t("ski czyk ewicz iak ecki owski ak ek"),
    ),
    "TR": (
        _t("Ak Kara Öz Yıl Er Gül Tek Bay Can Demir Uz Şen Tun Ay Gök"),
        _t("soy kan taş oğlu türk doğan alp er han dağ"),
    ),
    "RU": (
        _t("Бел Волк Сок Кузн Лебед Медвед Орл Зайц Гончар Рыб Жук Щерб Мельн Тит"),
        _t("ов ев ин ский енко ович ых"),
    ),
    "RU-latn": (
        _t("Bel Volk Sok Kuzn Lebed Medved Orl Zayts Gonchar Ryb Zhuk Shcherb Melnik Tit"),
        _t("ov ev in sky enko ovich ykh"),
    ),
    "IN": (
        _t("Agar Bhat Chand Dev Gan Jai Kris Mahe Nara Ram Sub Venk Shan Pra Har"),
        _t("wal nagar ra esh pal kar dar deep nathan swamy"),
    ),
    "AE-latn": (
        _t("Al-Mahr Al-Qass Al-Jab Al-Ham Al-Dah Al-Kath Al-Shar Al-Zahr Al-Bad Al-Ras"),
        _t("ani iri awi ouri i eri"),
    ),
    "CN-latn": (
        _t("Xiao Jian Hong Zhi Wen Hua Guo Yong Jun Ling Mei Hai Chun Dong Zi Yi"),
        _t("ming hua wei ling jun gang ping yan lei feng hui qing"),
    ),
}
